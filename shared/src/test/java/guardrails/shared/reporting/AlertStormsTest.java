package guardrails.shared.reporting;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Proposal;
import guardrails.shared.findings.Remediation;
import guardrails.shared.findings.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One run, many resources with the same problem: the limit alone, the rest in one bounded summary. */
class AlertStormsTest {

    private static Proposal stale(int i, Severity severity) {
        return Proposal.alertOnly(new Finding("G4-defender-definitions", "DEFENDER_OUT_OF_DATE", severity, "mi-" + i,
                List.of(), "Node mi-" + i + " is stale", "Definitions 400 days old.", "why", "Nothing.", "Update."));
    }

    @Test
    void aFewGoAloneAndManyBecomeTheLimitPlusOneSummaryPerRuleAndSeverity() {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            proposals.add(stale(i, Severity.CRITICAL));
        }
        for (int i = 300; i < 303; i++) {
            proposals.add(stale(i, Severity.WARNING));
        }

        List<Proposal> out = AlertStorms.summarized(proposals, 10, true);

        assertEquals(10 + 3 + 1, out.size(), "10 CRITICAL alone, the 3 WARNING alone, one CRITICAL summary");
        Finding summary = out.get(out.size() - 1).finding();
        assertEquals("summary-of-290", summary.resourceId());
        assertEquals(Severity.CRITICAL, summary.severity());
        assertEquals("DEFENDER_OUT_OF_DATE", summary.rule());
        assertTrue(summary.title().startsWith("290 more resources with the same problem (10 alerted one by one), the"
                + " first: "), summary.title());
        assertTrue(!summary.title().contains(summary.rule()), "no rule code in a title: " + summary.title());
        assertEquals("mi-10", summary.related().get(0), "the ones not alerted alone, in order");
        assertEquals("and 240 more", summary.related().get(Finding.RELATED_LIMIT), "bounded, with the count");
        assertTrue(summary.seen().startsWith("Besides the 10 alerted one by one, this run found the same on 290"),
                summary.seen());
    }

    @Test
    void aRemediationThatRunsOrAChangeKeyedOnceNeverDisappearsIntoASummary() {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Proposal p = stale(i, Severity.CRITICAL);
            proposals.add(i < 12 ? new Proposal(p.finding(), new Remediation("update", () -> "updated"))
                    : Proposal.onChange(p.finding(), "OK>CRITICAL@" + i));
        }

        assertEquals(proposals, AlertStorms.summarized(proposals, 10, true));
        // In ALERT mode a remediation is only described: the twelve of them may be summarised (two beyond the ten).
        List<Proposal> alerting = AlertStorms.summarized(proposals, 10, false);
        assertEquals(10 + 3 + 1, alerting.size(), "ten alone, the three change-keyed alone, one summary of two");
        assertEquals("summary-of-2", alerting.get(alerting.size() - 1).finding().resourceId());
    }

    @Test
    void atTheLimitNothingIsSummarised() {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            proposals.add(stale(i, Severity.CRITICAL));
        }
        assertEquals(proposals, AlertStorms.summarized(proposals, 10, true));
    }
}
