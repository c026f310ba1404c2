package guardrails.defenderdefinitions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What G4 remembers of a node reads back as written, old records included; an unreadable one is "never seen". */
class NodeMemoryTest {

    @Test
    void levelDebtAndWorkSpaceRoundTrip() {
        var memory = new DefenderGuard.NodeMemory(DefenderRules.Level.CRITICAL, true, "ws-abc12345d");
        assertEquals("CRITICAL+UPDATE@ws-abc12345d", memory.toString());
        assertEquals(Optional.of(memory), DefenderGuard.NodeMemory.parse(memory.toString()));
    }

    @Test
    void recordsOfEarlierVersionsAndGarbage() {
        assertEquals(Optional.of(new DefenderGuard.NodeMemory(DefenderRules.Level.WARNING, false, null)),
                DefenderGuard.NodeMemory.parse("WARNING"), "a level alone, as earlier versions wrote it");
        assertEquals(Optional.empty(), DefenderGuard.NodeMemory.parse("PURPLE@ws-1"));
    }
}
