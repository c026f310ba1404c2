package guardrails.cli.audit;

import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.SafeText;
import guardrails.shared.reporting.Severity;
import java.util.Locale;

/** The report as Markdown, for a pull request or a wiki: the same sections as the HTML, charts as tables. */
final class MarkdownReport {

    private final StringBuilder md = new StringBuilder();

    private MarkdownReport() {
    }

    static String render(AuditReport report) {
        MarkdownReport page = new MarkdownReport();
        page.page(report);
        return page.md.toString();
    }

    private void page(AuditReport report) {
        line("# WorkSpaces Guardrails audit");
        line("");
        line("**" + cell(report.summary()) + "**");
        line("");
        line("Generated " + report.generatedAt() + ". Read-only: nothing was changed, no alert was published, nothing"
                + " was recorded. Each finding says what the deployed guardrail would do in REMEDIATE mode.");
        line("");
        line("## Summary");
        line("");
        line("| Guardrail | Checked | Critical | Warning | Info |");
        line("|---|---|---|---|---|");
        for (AuditReport.Section s : report.sections()) {
            line("| " + cell(s.guardrail() + ": " + s.title()) + " | "
                    + cell(s.error() == null ? s.resources() : "could not run: " + s.error()) + " | "
                    + count(s, Severity.CRITICAL) + " | " + count(s, Severity.WARNING) + " | "
                    + count(s, Severity.INFO) + " |");
        }
        line("");
        line("## Exemptions");
        line("");
        if (report.exemptions().isEmpty()) {
            line("No resource is tagged guardrails:exempt = true.");
        } else {
            line("Tagged guardrails:exempt = true: recorded, never alerted or fixed. Remove the tag where the"
                    + " exemption is not intended; CloudTrail says who set it.");
            line("");
            line("| Resource | Guardrail | What the tag hides |");
            line("|---|---|---|");
            for (Finding f : report.exemptions()) {
                line("| " + cell(f.resourceId()) + " | " + cell(f.guardrail()) + " | " + cell(f.seen()) + " |");
            }
        }
        var capacity = report.capacity();
        line("");
        line("## Subnet capacity (G3)");
        line("");
        line(String.format(Locale.ROOT, "WARNING at %d free or %.0f%% used, CRITICAL at %d free or %.0f%% used.",
                capacity.warningFree(), capacity.warningUsedPercent(), capacity.criticalFree(),
                capacity.criticalUsedPercent()));
        line("");
        if (capacity.subnets().isEmpty()) {
            line("No watched subnet.");
        } else {
            line("| Subnet | Directory | Used / usable | Free | Level | Days to full | More WorkSpaces fit (directory) |");
            line("|---|---|---|---|---|---|---|");
            for (AuditReport.SubnetRow s : capacity.subnets()) {
                line("| " + cell(s.subnetId() + " (" + s.cidr() + ")") + " | "
                        + cell(s.directoryId() == null ? "by tag" : s.directoryId()) + " | " + s.used() + " / "
                        + s.usable() + " | " + s.free() + " | " + s.level() + " | "
                        + (s.daysToFull() == null ? "unknown" : String.format(Locale.ROOT, "%.1f", s.daysToFull()))
                        + " | " + s.moreWorkspacesFit() + " |");
            }
        }
        var definitions = report.definitions();
        line("");
        line("## Windows Defender definition ages (G4)");
        line("");
        if (definitions.nodes().isEmpty()) {
            line("No managed node reports Custom:DefenderStatus.");
        } else {
            line("| Node | Computer | WorkSpace | Definitions age | Level |");
            line("|---|---|---|---|---|");
            for (AuditReport.NodeRow n : definitions.nodes()) {
                line("| " + cell(n.nodeId()) + " | " + cell(n.computerName()) + " | " + cell(n.workspaceId())
                        + " | " + n.ageDays() + " days | " + n.level() + " |");
            }
        }
        line("");
        line("## Directory trusts (G2)");
        line("");
        if (report.trusts().isEmpty()) {
            line("No directory in this Region has a trust.");
        } else {
            line("| Trust | Directory | Remote domain | Direction | State | Conditional forwarder |");
            line("|---|---|---|---|---|---|");
            for (AuditReport.TrustRow t : report.trusts()) {
                line("| " + cell(t.trustId()) + " | " + cell(t.directoryId()) + " | " + cell(t.remoteDomain())
                        + " | " + cell(t.direction()) + " | " + cell(t.state()) + " | "
                        + (t.conditionalForwarder() ? "yes" : "none") + " |");
            }
        }
        line("");
        line("## WorkSpaces of trusted-domain users on non-Windows bundles (G1)");
        line("");
        if (report.trustedUsersOnNonWindows().isEmpty()) {
            line("None found.");
        } else {
            line("| WorkSpace | User | Directory | Bundle | State |");
            line("|---|---|---|---|---|");
            for (AuditReport.WorkspaceRow w : report.trustedUsersOnNonWindows()) {
                line("| " + cell(w.workspaceId()) + " | " + cell(w.userName()) + " | " + cell(w.directoryId())
                        + " | " + cell(w.bundleId()) + " | " + cell(w.state()) + " |");
            }
        }
        line("");
        line("## Findings");
        for (Finding f : report.findings()) {
            line("");
            line("### " + f.severity() + ": " + cell(f.title()));
            line("");
            line("- **Guardrail and rule:** " + cell(f.guardrail() + " / " + f.rule()));
            line("- **Resource:** " + cell(f.resourceId()) + (f.related().isEmpty() ? ""
                    : " (with " + cell(String.join(", ", f.related())) + ")"));
            line("- **What was seen:** " + cell(f.seen()));
            line("- **Why it matters:** " + cell(f.whyItMatters()));
            line("- **What the guardrail does:** " + cell(f.actionTaken()));
            line("- **What to do:** " + cell(f.operatorAction()));
        }
    }

    private static long count(AuditReport.Section s, Severity severity) {
        return s.findings().stream().filter(f -> f.severity() == severity).count();
    }

    /**
     * Text that cannot break the table, start markup or hide: first the alerts' safe text (line breaks, CR included,
     * as spaces; invisible format characters gone), then the characters Markdown gives a meaning inside a line
     * backslash-escaped, as CommonMark allows for any ASCII punctuation ({@code &} too: no entity is read).
     */
    static String cell(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (char c : SafeText.line(value, Integer.MAX_VALUE).toCharArray()) {
            if ("\\`*_[]<>|#!&~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
