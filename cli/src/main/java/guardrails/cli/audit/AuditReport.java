package guardrails.cli.audit;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Instant;
import java.util.List;

/**
 * What one audit found in one account and Region: the findings of each guardrail, and what the charts show. The
 * HTML, Markdown and JSON files are three renderings of this ({@link HtmlReport}, {@link MarkdownReport},
 * {@link JsonReport}; the JSON's schema is docs/audit-report.schema.json).
 */
public record AuditReport(String account, String region, Instant generatedAt, List<Section> sections,
                   Capacity capacity, Definitions definitions, List<TrustRow> trusts,
                   List<WorkspaceRow> trustedUsersOnNonWindows) {

    /**
     * One guardrail's sweep.
     *
     * @param resources     how many resources it judged, in words ("2 subnets")
     * @param resourceCount the same as a number, for tools
     * @param error         why it could not run (an AWS error's code), null when it ran
     */
    record Section(String guardrail, String title, String resources, int resourceCount, List<Finding> findings,
                   String error) {
    }

    /** G3: every watched subnet, and the thresholds its level is judged by. */
    record Capacity(int warningFree, int criticalFree, double warningUsedPercent, double criticalUsedPercent,
                    List<SubnetRow> subnets) {
    }

    /**
     * @param daysToFull    at the last day's rate, from the deployed guardrail's remembered samples; null when unknown
     * @param moreWorkspacesFit how many more WorkSpaces fit in all the directory's subnets (this subnet's free count
     *                       for a subnet watched by tag)
     */
    record SubnetRow(String subnetId, String cidr, String directoryId, int usable, int used, int free, String level,
                     Double daysToFull, int moreWorkspacesFit) {
    }

    /** G4: every node reporting Defender's status, and the ages that make a node WARNING or CRITICAL. */
    record Definitions(int warningDays, int criticalDays, List<NodeRow> nodes) {
    }

    record NodeRow(String nodeId, String computerName, String workspaceId, int ageDays, String level) {
    }

    record TrustRow(String trustId, String directoryId, String remoteDomain, String direction, String state,
                    String stateReason, boolean conditionalForwarder) {
    }

    record WorkspaceRow(String workspaceId, String userName, String directoryId, String bundleId, String state) {
    }

    public List<Finding> findings() {
        return sections.stream().flatMap(s -> s.findings().stream()).toList();
    }

    /**
     * The resources tagged guardrails:exempt = true, each with what the tag hides now: whoever may tag a resource
     * can silence a guardrail on it, so the audit lists them all in one place.
     */
    public List<Finding> exemptions() {
        return findings().stream().filter(f -> f.rule().equals(guardrails.shared.lifecycle.Lifecycle.EXEMPT)).toList();
    }

    long count(Severity severity) {
        return findings().stream().filter(f -> f.severity() == severity).count();
    }

    public boolean complete() {
        return sections.stream().allMatch(s -> s.error() == null);
    }

    /** The one line the terminal and the report's title give (the JSON's summary; its total is the number). */
    public String summary() {
        return "Audit of account " + account + " in " + region + ": " + findings().size()
                + (findings().size() == 1 ? " finding (" : " findings (")
                + count(Severity.CRITICAL) + " critical, " + count(Severity.WARNING) + " warning, "
                + count(Severity.INFO) + " info) from " + sections.size() + " guardrails"
                + (complete() ? "" : "; INCOMPLETE: " + sections.stream().filter(s -> s.error() != null)
                .map(Section::guardrail).toList() + " could not run");
    }
}
