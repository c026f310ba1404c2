package guardrails.cli.audit;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.SafeText;
import guardrails.shared.findings.Severity;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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
        table(List.of("Guardrail", "Checked", "Critical", "Warning", "Info"), report.sections(), "", s -> List.of(
                cell(s.guardrail() + ": " + s.title()), cell(s.error() == null ? s.resources()
                        : "could not run: " + s.error()), count(s, Severity.CRITICAL), count(s, Severity.WARNING),
                count(s, Severity.INFO)));
        line("");
        line("## Exemptions");
        line("");
        if (!report.exemptions().isEmpty()) {
            line("Tagged guardrails:exempt = true: recorded, never alerted or fixed. Remove the tag where the"
                    + " exemption is not intended; CloudTrail says who set it.");
            line("");
        }
        table(List.of("Resource", "Guardrail", "What the tag hides"), report.exemptions(),
                "No resource is tagged guardrails:exempt = true.",
                f -> List.of(cell(f.resourceId()), cell(f.guardrail()), cell(f.seen())));
        var capacity = report.capacity();
        line("");
        line("## Subnet capacity (G3)");
        line("");
        line(String.format(Locale.ROOT, "WARNING at %d free or %.0f%% used, CRITICAL at %d free or %.0f%% used.",
                capacity.warningFree(), capacity.warningUsedPercent(), capacity.criticalFree(),
                capacity.criticalUsedPercent()));
        line("");
        table(List.of("Subnet", "Directory", "Used / usable", "Free", "Level", "Days to full",
                "More WorkSpaces fit (directory)"), capacity.subnets(), "No watched subnet.", s -> List.of(
                cell(s.subnetId() + " (" + s.cidr() + ")"), cell(s.directoryId() == null ? "by tag" : s.directoryId()),
                s.used() + " / " + s.usable(), String.valueOf(s.free()), s.level(),
                s.daysToFull() == null ? "unknown" : String.format(Locale.ROOT, "%.1f", s.daysToFull()),
                String.valueOf(s.moreWorkspacesFit())));
        line("");
        line("## Windows Defender definition ages (G4)");
        line("");
        table(List.of("Node", "Computer", "WorkSpace", "Definitions age", "Level"), report.definitions().nodes(),
                "No managed node reports Custom:DefenderStatus.", n -> List.of(cell(n.nodeId()),
                        cell(n.computerName()), cell(n.workspaceId()), n.ageDays() + " days", n.level()));
        line("");
        line("## Directory trusts (G2)");
        line("");
        table(List.of("Trust", "Directory", "Remote domain", "Direction", "State", "Conditional forwarder"),
                report.trusts(), "No directory in this Region has a trust.", t -> List.of(cell(t.trustId()),
                        cell(t.directoryId()), cell(t.remoteDomain()), cell(t.direction()), cell(t.state()),
                        t.conditionalForwarder() ? "yes" : "none"));
        line("");
        line("## WorkSpaces of trusted-domain users on non-Windows bundles (G1)");
        line("");
        table(List.of("WorkSpace", "User", "Directory", "Bundle", "State"), report.trustedUsersOnNonWindows(),
                "None found.", w -> List.of(cell(w.workspaceId()), cell(w.userName()), cell(w.directoryId()),
                        cell(w.bundleId()), cell(w.state())));
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
            whatToDo(f);
        }
    }

    /**
     * The finding's "what to do", then each of its commands in a code block of its own (inside the list item), so
     * that it can be copied whole.
     */
    private void whatToDo(Finding finding) {
        line("- **What to do:** " + cell(finding.operatorAction()));
        for (String command : finding.commands()) {
            // A fence longer than any run of backticks in the command, as CommonMark requires.
            String fence = "`".repeat(Math.max(3, longestRun(command, '`') + 1));
            line("");
            line("  " + fence);
            line("  " + command);
            line("  " + fence);
        }
        if (!finding.commands().isEmpty()) {
            line("");
        }
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (char each : text.toCharArray()) {
            run = each == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String count(AuditReport.Section s, Severity severity) {
        return String.valueOf(s.findings().stream().filter(f -> f.severity() == severity).count());
    }

    /** A table of rows, its cells already made safe by {@link #cell}; or, with no row, the sentence that says so. */
    private <T> void table(List<String> headings, List<T> rows, String empty, Function<T, List<String>> cells) {
        if (rows.isEmpty()) {
            line(empty);
            return;
        }
        line("| " + String.join(" | ", headings) + " |");
        line("|" + "---|".repeat(headings.size()));
        rows.forEach(row -> line("| " + String.join(" | ", cells.apply(row)) + " |"));
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
