package guardrails.defenderdefinitions;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** G4's decisions: how out of date a node is, and when that is news. */
class DefenderRulesTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final DefenderPolicy POLICY = DefenderPolicy.fromEnvironment(Map.of());
    static final WorkspaceNode WORKSPACE = new WorkspaceNode("ws-1", "alice", "AVAILABLE", "WSAMZN-ABC", "10.0.0.12");

    static DefenderStatus status(int ageDays, boolean realtime, Instant collected) {
        return new DefenderStatus("mi-1", "WSAMZN-ABC", "10.0.0.12", ageDays, "2019-07-14T03:00:00Z", "1.297.1.0",
                true, realtime, true, collected);
    }

    @Test
    void nodesAgedOneFiveAndFourHundredDaysAreOkWarningCritical() {
        assertEquals(DefenderRules.Level.OK, DefenderRules.assess(status(1, true, NOW), Optional.empty(), POLICY, NOW).level());
        assertEquals(DefenderRules.Level.WARNING, DefenderRules.assess(status(5, true, NOW), Optional.empty(), POLICY, NOW).level());
        DefenderRules.Assessment stuck = DefenderRules.assess(status(400, true, NOW), Optional.empty(), POLICY, NOW);
        assertEquals(DefenderRules.Level.CRITICAL, stuck.level());
        assertTrue(stuck.needsUpdate());
    }

    @Test
    void theAgeKeepsGrowingAfterTheLastReportAndASilentNodeIsNews() {
        DefenderRules.Assessment silent = DefenderRules.assess(status(1, true, NOW.minus(Duration.ofDays(3))),
                Optional.of(WORKSPACE), POLICY, NOW);
        assertEquals(4, silent.ageDays());
        assertEquals(DefenderRules.Level.WARNING, silent.level());
        assertTrue(silent.problems().get(1).contains("has not reported for 72 hours"), silent.problems().toString());
        WorkspaceNode stopped = new WorkspaceNode("ws-1", "alice", "STOPPED", "WSAMZN-ABC", "10.0.0.12");
        DefenderRules.Assessment off = DefenderRules.assess(status(0, true, NOW.minus(Duration.ofDays(2))),
                Optional.of(stopped), POLICY, NOW);
        assertEquals(DefenderRules.Level.OK, off.level(), "an AUTO_STOP WorkSpace that is off is not silent by fault");
        assertTrue(off.off());
    }

    @Test
    void protectionOffIsCriticalWhateverTheAge() {
        DefenderRules.Assessment assessment = DefenderRules.assess(status(0, false, NOW), Optional.empty(), POLICY, NOW);
        assertEquals(DefenderRules.Level.CRITICAL, assessment.level());
        assertFalse(assessment.needsUpdate(), "an update does not turn protection back on");
    }

    @Test
    void alertNamesTheWorkSpaceAndOnlyAChangeIsNews() {
        DefenderStatus old = status(400, true, NOW);
        DefenderRules.Assessment critical = DefenderRules.assess(old, Optional.of(WORKSPACE), POLICY, NOW);
        Finding finding = DefenderRules.change(old, Optional.of(WORKSPACE), critical, Optional.empty()).orElseThrow();
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals("ws-1", finding.resourceId());
        assertTrue(finding.title().endsWith("days old on WSAMZN-ABC (ws-1, alice)"), finding.title());
        assertTrue(finding.seen().contains("WorkSpace ws-1 (user alice, WSAMZN-ABC, node mi-1)"), finding.seen());
        assertTrue(finding.whyItMatters().contains("closed network"));
        assertTrue(DefenderRules.change(old, Optional.of(WORKSPACE), critical,
                Optional.of(DefenderRules.Level.CRITICAL)).isEmpty());
        DefenderRules.Assessment fine = DefenderRules.assess(status(0, true, NOW), Optional.of(WORKSPACE), POLICY, NOW);
        assertEquals("DEFENDER_RECOVERED", DefenderRules.change(status(0, true, NOW), Optional.of(WORKSPACE), fine,
                Optional.of(DefenderRules.Level.CRITICAL)).orElseThrow().rule());
        assertTrue(DefenderRules.change(status(0, true, NOW), Optional.empty(), fine, Optional.empty()).isEmpty());
    }

    @Test
    void nodesAreMatchedToWorkSpacesByComputerNameOrAddress() {
        List<WorkspaceNode> workspaces = List.of(
                new WorkspaceNode("ws-a", "a", "AVAILABLE", "WSAMZN-AAA", null),
                new WorkspaceNode("ws-b", "b", "AVAILABLE", "WSAMZN-BBB", "10.0.0.99"));
        assertEquals("ws-a", DefenderRules.match(new DefenderStatus("mi-1", "wsamzn-aaa", "10.9.9.9", 0, "", "",
                true, true, true, NOW), workspaces).orElseThrow().workspaceId());
        assertEquals("ws-b", DefenderRules.match(new DefenderStatus("mi-2", "OTHER", "10.0.0.99", 0, "", "",
                true, true, true, NOW), workspaces).orElseThrow().workspaceId());
        assertTrue(DefenderRules.match(new DefenderStatus("mi-3", "OTHER", "10.1.1.1", 0, "", "", true, true, true,
                NOW), workspaces).isEmpty());
    }

    @Test
    void closedNetworksGetTheirUpdateSource() {
        DefenderPolicy share = DefenderPolicy.fromEnvironment(Map.of("DEFENDER_UPDATE_SOURCE", "FileShares",
                "DEFENDER_FILE_SHARE_PATH", "\\\\fs01\\defs"));
        assertEquals(Map.of("Source", List.of("FileShares"), "SharePath", List.of("\\\\fs01\\defs")),
                share.documentParameters());
        assertEquals(Map.of("Source", List.of("InternalDefinitionUpdateServer"), "SharePath", List.of("")),
                DefenderPolicy.fromEnvironment(Map.of("DEFENDER_UPDATE_SOURCE", "InternalDefinitionUpdateServer"))
                        .documentParameters());
        assertEquals(Map.of("Source", List.of("Default"), "SharePath", List.of("")), POLICY.documentParameters());
        assertThrows(IllegalStateException.class, () -> DefenderPolicy.fromEnvironment(Map.of(
                "DEFENDER_UPDATE_SOURCE", "FileShares", "DEFENDER_FILE_SHARE_PATH", "\\\\fs01\\x'; Remove-Item C:\\")),
                "a path that could break out of the PowerShell string is refused");
        assertThrows(IllegalStateException.class, () -> DefenderPolicy.fromEnvironment(Map.of(
                "DEFENDER_WARNING_DAYS", "9", "DEFENDER_CRITICAL_DAYS", "7")));
    }
}
