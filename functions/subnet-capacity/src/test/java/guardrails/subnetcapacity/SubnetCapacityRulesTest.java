package guardrails.subnetcapacity;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** G3's decisions: levels, level changes both ways, and the trend behind the forecast. */
class SubnetCapacityRulesTest {

    static final SubnetCapacity.Thresholds THRESHOLDS = SubnetCapacity.Thresholds.DEFAULT;
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void slash27HoldsTwentySevenAddresses() {
        SubnetCapacity subnet = new SubnetCapacity("subnet-a", "10.0.0.0/27", 27);
        assertEquals(27, subnet.size());
        assertEquals(0, subnet.used());
        assertEquals(SubnetCapacity.Level.OK, subnet.level(THRESHOLDS));
    }

    @Test
    void theStricterThresholdWins() {
        // /24: 251 usable. 20 free is above the 8-address floor but 92% used: CRITICAL by percent.
        assertEquals(SubnetCapacity.Level.CRITICAL, new SubnetCapacity("s", "10.0.0.0/24", 20).level(THRESHOLDS));
        // /27: 8 free is at the WARNING address threshold although only 70% is used.
        assertEquals(SubnetCapacity.Level.WARNING, new SubnetCapacity("s", "10.0.0.0/27", 8).level(THRESHOLDS));
        assertEquals(SubnetCapacity.Level.CRITICAL, new SubnetCapacity("s", "10.0.0.0/27", 3).level(THRESHOLDS));
        SubnetCapacity.Thresholds configured = SubnetCapacity.Thresholds.fromEnvironment(Map.of(
                "SUBNET_WARNING_FREE", "12", "SUBNET_CRITICAL_USED_PERCENT", "60"));
        assertEquals(SubnetCapacity.Level.WARNING, new SubnetCapacity("s", "10.0.0.0/27", 12).level(configured));
        assertEquals(SubnetCapacity.Level.CRITICAL, new SubnetCapacity("s", "10.0.0.0/27", 10).level(configured),
                "63% used passes the 60% line before the free count reaches 3");
    }

    @Test
    void onlyAChangeOfLevelIsNewsAndRecoveryIsReported() {
        SubnetCapacity low = new SubnetCapacity("subnet-a", "10.0.0.0/27", 5);
        Finding first = SubnetCapacityRules.levelChange(low, "d-1234567890", Optional.empty(),
                SubnetCapacity.Level.WARNING, OptionalDouble.of(2.5), 30).orElseThrow();
        assertEquals(Severity.WARNING, first.severity());
        assertTrue(first.seen().contains("5 of 27 usable addresses free (81% used)"), first.seen());
        assertTrue(first.seen().contains("room for 30 more WorkSpaces"));
        assertTrue(first.seen().contains("full in about 2.5 days"));
        assertTrue(SubnetCapacityRules.levelChange(low, "d-1234567890", Optional.of(SubnetCapacity.Level.WARNING),
                SubnetCapacity.Level.WARNING, OptionalDouble.empty(), 30).isEmpty(), "same level: nothing to say");
        SubnetCapacity freed = new SubnetCapacity("subnet-a", "10.0.0.0/27", 25);
        Finding recovered = SubnetCapacityRules.levelChange(freed, "d-1234567890",
                Optional.of(SubnetCapacity.Level.WARNING), SubnetCapacity.Level.OK, OptionalDouble.empty(), 50)
                .orElseThrow();
        assertTrue(recovered.title().startsWith("Recovered: subnet "), recovered.title());
        assertEquals(Severity.INFO, recovered.severity());
        assertTrue(SubnetCapacityRules.levelChange(freed, "d-1234567890", Optional.empty(), SubnetCapacity.Level.OK,
                OptionalDouble.empty(), 50).isEmpty(), "a subnet first seen OK is not news");
    }

    @Test
    void aTaggedSubnetHasNoDirectoryToCountRoomIn() {
        Finding finding = SubnetCapacityRules.levelChange(new SubnetCapacity("subnet-t", "10.1.0.0/28", 1), null,
                Optional.empty(), SubnetCapacity.Level.CRITICAL, OptionalDouble.empty(), 1).orElseThrow();
        assertTrue(finding.seen().contains("watched by tag"));
        assertTrue(finding.related().isEmpty());
    }

    @Test
    void historyRoundTripsAndForgetsWhatIsOlderThanADay() {
        SubnetHistory history = SubnetHistory.none()
                .next(SubnetCapacity.Level.OK, NOW.minus(Duration.ofHours(30)), 27)
                .next(SubnetCapacity.Level.OK, NOW.minus(Duration.ofHours(2)), 20)
                .next(SubnetCapacity.Level.WARNING, NOW, 8);
        SubnetHistory read = SubnetHistory.parse(history.encode());
        assertEquals(Optional.of(SubnetCapacity.Level.WARNING), read.level());
        assertEquals(List.of(new SubnetHistory.Sample(NOW.minus(Duration.ofHours(2)).getEpochSecond(), 20),
                new SubnetHistory.Sample(NOW.getEpochSecond(), 8)), read.samples(),
                "the 30-hour-old sample was dropped");
        assertEquals(SubnetHistory.none(), SubnetHistory.parse("garbage;x:y"), "unreadable memory is no memory");
    }

    @Test
    void forecastFollowsTheRecentRate() {
        // 12 addresses used in 12 hours: 1 an hour; 6 left -> a quarter of a day.
        SubnetHistory filling = SubnetHistory.none()
                .next(SubnetCapacity.Level.OK, NOW.minus(Duration.ofHours(12)), 18)
                .next(SubnetCapacity.Level.WARNING, NOW, 6);
        assertEquals(0.25, filling.daysToFull().orElseThrow(), 1e-9);
        SubnetHistory steady = SubnetHistory.none()
                .next(SubnetCapacity.Level.OK, NOW.minus(Duration.ofHours(12)), 6)
                .next(SubnetCapacity.Level.OK, NOW, 6);
        assertTrue(steady.daysToFull().isEmpty());
        SubnetHistory burst = SubnetHistory.none()
                .next(SubnetCapacity.Level.OK, NOW.minusSeconds(5), 20)
                .next(SubnetCapacity.Level.OK, NOW, 6);
        assertTrue(burst.daysToFull().isEmpty(), "seconds apart: no trend to speak of");
    }
}
