package guardrails.directorytrust;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** G2's decisions: what is wrong with a trust, and what is news. */
class TrustRulesTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final TrustPolicy POLICY = new TrustPolicy(Set.of(), Duration.ofMinutes(60));
    static final List<DirectoryFacts.WorkspaceUser> WORKSPACES = List.of(
            new DirectoryFacts.WorkspaceUser("ws-1", "ONPREM\\test-1"),
            new DirectoryFacts.WorkspaceUser("ws-2", "test-2@onprem.example.net"),
            new DirectoryFacts.WorkspaceUser("ws-3", "local-admin"));

    static Trust trust(TrustDirection direction, String state, Instant since) {
        return new Trust("t-1", "d-1234567890", "onprem.example.net", direction, state, "reason text", since);
    }

    static DirectoryFacts directory(boolean registered, boolean forwarder, boolean exempt) {
        return new DirectoryFacts("d-1234567890", "managed.example.net", registered,
                forwarder ? Set.of("onprem.example.net") : Set.of(), exempt, () -> WORKSPACES);
    }

    @Test
    void oneWayTrustOnAWorkSpacesDirectoryIsCriticalWithTheFix() {
        Trust oneWay = trust(TrustDirection.ONE_WAY_OUTGOING, "Verified", NOW);
        var problems = TrustRules.problems(oneWay, directory(true, true, false), POLICY, NOW);
        assertEquals(EnumSet.of(TrustRules.Problem.NOT_TWO_WAY), problems);
        List<Finding> findings = TrustRules.changes(oneWay, directory(true, true, false), problems, Optional.empty(), NOW);
        assertEquals(1, findings.size());
        Finding finding = findings.get(0);
        assertEquals(Severity.CRITICAL, finding.severity());
        assertTrue(finding.seen().contains("registered with WorkSpaces, 3 WorkSpaces"), finding.seen());
        assertTrue(finding.whyItMatters().contains("directory unavailable"));
        assertTrue(finding.operatorAction().contains("delete trust t-1 on both sides"));
        assertTrue(finding.title().startsWith("WorkSpaces fail for "), "the outcome first: " + finding.title());
        assertEquals("aws ds delete-trust --trust-id t-1", finding.commands().get(0));
        assertTrue(finding.commands().get(1).contains("--trust-direction Two-Way --trust-type Forest"));
        assertTrue(finding.operatorAction().contains("separate resource domain"), "mentions the by-design pattern");
        assertTrue(finding.actionTaken().contains("never in the event"));
    }

    @Test
    void oneWayTrustElsewhereIsAWarning() {
        Trust oneWay = trust(TrustDirection.ONE_WAY_INCOMING, "Verified", NOW);
        Finding finding = TrustRules.notTwoWay(oneWay, directory(false, true, false));
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.whyItMatters().contains("other AWS enterprise"));
    }

    @Test
    void oneWayByDesignOrExemptIsNoProblem() {
        Trust oneWay = trust(TrustDirection.ONE_WAY_OUTGOING, "Verified", NOW);
        TrustPolicy allowed = TrustPolicy.fromEnvironment(Map.of("ONE_WAY_TRUSTS_BY_DESIGN",
                " d-1234567890:OnPrem.Example.net ,d-0000000000:x.example.com"));
        assertTrue(TrustRules.problems(oneWay, directory(true, true, false), allowed, NOW).isEmpty());
        assertTrue(TrustRules.problems(oneWay, directory(true, true, true), POLICY, NOW).isEmpty());
        assertThrows(IllegalStateException.class,
                () -> TrustPolicy.fromEnvironment(Map.of("ONE_WAY_TRUSTS_BY_DESIGN", "onprem.example.net")));
    }

    @Test
    void missingForwarderFailedAndStuckTrustsAreEachReported() {
        Trust failed = trust(TrustDirection.TWO_WAY, "VerifyFailed", NOW.minusSeconds(60));
        assertEquals(EnumSet.of(TrustRules.Problem.NO_CONDITIONAL_FORWARDER, TrustRules.Problem.FAILED),
                TrustRules.problems(failed, directory(true, false, false), POLICY, NOW));
        Finding finding = TrustRules.finding(TrustRules.Problem.FAILED, failed, directory(true, true, false), NOW);
        assertTrue(finding.seen().contains("TrustStateReason: reason text"));
        Trust creatingLong = trust(TrustDirection.TWO_WAY, "Creating", NOW.minus(Duration.ofMinutes(61)));
        Trust creatingNow = trust(TrustDirection.TWO_WAY, "Creating", NOW.minus(Duration.ofMinutes(5)));
        assertEquals(EnumSet.of(TrustRules.Problem.STUCK), TrustRules.problems(creatingLong,
                directory(true, true, false), POLICY, NOW));
        assertTrue(TrustRules.problems(creatingNow, directory(true, true, false), POLICY, NOW).isEmpty());
        assertTrue(TrustRules.finding(TrustRules.Problem.STUCK, creatingLong, directory(true, true, false), NOW)
                .title().contains("Creating for 61 minutes"));
    }

    @Test
    void aProblemIsReportedOnceAgainOnAStateChangeAndOnRecovery() {
        DirectoryFacts dir = directory(true, true, false);
        Trust verifyFailed = trust(TrustDirection.TWO_WAY, "VerifyFailed", NOW);
        var problems = TrustRules.problems(verifyFailed, dir, POLICY, NOW);
        String remembered = TrustRules.signature(problems, verifyFailed);
        assertEquals("FAILED:VerifyFailed", remembered);
        assertTrue(TrustRules.changes(verifyFailed, dir, problems, Optional.of(remembered), NOW).isEmpty());

        Trust updateFailed = trust(TrustDirection.TWO_WAY, "UpdateFailed", NOW);
        assertEquals(1, TrustRules.changes(updateFailed, dir, TrustRules.problems(updateFailed, dir, POLICY, NOW),
                Optional.of(remembered), NOW).size(), "a different failed state is news");

        Trust verified = trust(TrustDirection.TWO_WAY, "Verified", NOW);
        List<Finding> recovered = TrustRules.changes(verified, dir, Set.of(), Optional.of(remembered), NOW);
        assertEquals("TRUST_RECOVERED", recovered.get(0).rule());
        assertEquals(Severity.INFO, recovered.get(0).severity());
        assertTrue(TrustRules.changes(verified, dir, Set.of(), Optional.empty(), NOW).isEmpty(), "healthy from the start");
        assertTrue(TrustRules.changes(verified, dir, Set.of(), Optional.of("OK"), NOW).isEmpty());
    }

    @Test
    void aNewProblemBesideAnOldOneIsReportedAlone() {
        DirectoryFacts noForwarder = directory(true, false, false);
        Trust oneWay = trust(TrustDirection.ONE_WAY_OUTGOING, "Verified", NOW);
        var problems = TrustRules.problems(oneWay, noForwarder, POLICY, NOW);
        List<Finding> findings = TrustRules.changes(oneWay, noForwarder, problems, Optional.of("NOT_TWO_WAY"), NOW);
        assertEquals(List.of("TRUST_WITHOUT_CONDITIONAL_FORWARDER"), findings.stream().map(Finding::rule).toList());
    }

    @Test
    void deletedTrustNamesTheWorkSpacesOfItsUsers() {
        Finding finding = TrustRules.deleted("t-1", directory(true, true, false), "onprem.example.net").orElseThrow();
        assertEquals(Severity.CRITICAL, finding.severity());
        assertEquals(List.of("d-1234567890", "ws-1", "ws-2"), finding.related());
        assertTrue(TrustRules.deleted("t-1", directory(true, true, false), "elsewhere.example.org").isEmpty());
        assertEquals("TRUST_DELETED_DOMAIN_UNKNOWN",
                TrustRules.deleted("t-1", directory(true, true, false), null).orElseThrow().rule());
    }
}
