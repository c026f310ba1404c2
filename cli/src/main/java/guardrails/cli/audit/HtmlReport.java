package guardrails.cli.audit;

import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.SafeText;
import guardrails.shared.reporting.Severity;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The report as one self-contained HTML5 file: styles inline, charts as inline SVG, no script and nothing fetched,
 * so it can be mailed or attached to a ticket and opens anywhere. Every text from AWS or a finding is escaped.
 */
final class HtmlReport {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1100px;color:#16191f;\
            padding:0 1em}
            h1{font-size:1.6em}h2{border-bottom:1px solid #d5dbdb;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #d5dbdb;padding:.3em .5em;\
            text-align:left;vertical-align:top}th{background:#f2f3f3}
            .CRITICAL{color:#d13212;font-weight:bold}.WARNING{color:#b7640b;font-weight:bold}.INFO{color:#0073bb}\
            .OK{color:#1d8102}
            article{border:1px solid #d5dbdb;border-left:6px solid #0073bb;padding:.5em 1em;margin:1em 0}
            article.sev-CRITICAL{border-left-color:#d13212}article.sev-WARNING{border-left-color:#ff9900}
            dt{font-weight:bold;margin-top:.4em}dd{margin-left:1em}.total{font-size:1.1em;font-weight:bold}
            .note{color:#545b64}svg text{font-family:inherit}
            """;

    private final StringBuilder html = new StringBuilder();

    private HtmlReport() {
    }

    static String render(AuditReport report) {
        HtmlReport page = new HtmlReport();
        page.page(report);
        return page.html.toString();
    }

    private void page(AuditReport report) {
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        raw("<title>").text("WorkSpaces Guardrails audit: " + report.account() + " " + report.region())
                .raw("</title>\n<style>").raw(STYLE).raw("</style>\n</head>\n<body>\n");
        raw("<h1>WorkSpaces Guardrails audit</h1>\n<p class=\"total\" id=\"total\">").text(report.summary())
                .raw("</p>\n<p class=\"note\">Generated ").text(report.generatedAt().toString())
                .raw(". Read-only: nothing was changed, no alert was published, nothing was recorded. Each finding"
                        + " says what the deployed guardrail would do in REMEDIATE mode.</p>\n");
        summary(report);
        exemptions(report.exemptions());
        capacity(report.capacity());
        definitions(report.definitions());
        trusts(report.trusts());
        workspaces(report.trustedUsersOnNonWindows());
        findings(report);
        raw("</body>\n</html>\n");
    }

    private void summary(AuditReport report) {
        raw("<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n<thead><tr><th>Guardrail</th><th>Checked</th>"
                + "<th>Critical</th><th>Warning</th><th>Info</th></tr></thead>\n<tbody>\n");
        for (AuditReport.Section s : report.sections()) {
            raw("<tr><td>").text(s.guardrail() + ": " + s.title()).raw("</td><td>");
            if (s.error() == null) {
                text(s.resources());
            } else {
                raw("<span class=\"CRITICAL\">could not run: ").text(s.error()).raw("</span>");
            }
            raw("</td>");
            for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
                raw("<td>").text(String.valueOf(s.findings().stream().filter(f -> f.severity() == severity)
                        .count())).raw("</td>");
            }
            raw("</tr>\n");
        }
        raw("</tbody>\n</table>\n</section>\n");
    }

    /** G3: a bar per subnet, its width the subnet's usable addresses, the used part coloured by level. */
    private void capacity(AuditReport.Capacity capacity) {
        raw("<section id=\"capacity\">\n<h2>Subnet capacity (G3)</h2>\n");
        raw("<p class=\"note\">Each bar is one watched subnet's usable addresses (AWS reserves five). Marks: WARNING"
                + " at ").text(capacity.warningFree() + " free or " + pct(capacity.warningUsedPercent())
                + " used, CRITICAL at " + capacity.criticalFree() + " free or " + pct(capacity.criticalUsedPercent())
                + " used, whichever comes first.").raw("</p>\n");
        List<AuditReport.SubnetRow> rows = capacity.subnets();
        if (rows.isEmpty()) {
            raw("<p>No watched subnet: no WorkSpaces directory is registered and no subnet is tagged"
                    + " guardrails:watch-ips.</p>\n</section>\n");
            return;
        }
        int rowHeight = 54;
        int left = 190;
        int width = 560;
        raw("<svg id=\"capacity-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"980\" height=\""
                + (rows.size() * rowHeight + 10) + "\" viewBox=\"0 0 980 " + (rows.size() * rowHeight + 10)
                + "\">\n<title>Used and free addresses of each watched subnet</title>\n");
        int y = 5;
        for (AuditReport.SubnetRow s : rows) {
            double scale = s.usable() <= 0 ? 0 : (double) width / s.usable();
            int usedWidth = (int) Math.round(Math.min(s.used(), s.usable()) * scale);
            raw("<g class=\"subnet\" data-subnet=\"").attr(s.subnetId()).raw("\">\n");
            raw("<text x=\"0\" y=\"" + (y + 16) + "\" font-size=\"13\">").text(s.subnetId()).raw("</text>\n");
            raw("<text x=\"0\" y=\"" + (y + 32) + "\" font-size=\"11\" fill=\"#545b64\">")
                    .text(s.cidr() + (s.directoryId() == null ? ", by tag" : ", " + s.directoryId())).raw("</text>\n");
            raw("<rect x=\"" + left + "\" y=\"" + (y + 4) + "\" width=\"" + width
                    + "\" height=\"22\" fill=\"#eaeded\" stroke=\"#aab7b8\"/>\n");
            raw("<rect class=\"used\" x=\"" + left + "\" y=\"" + (y + 4) + "\" width=\"" + usedWidth
                    + "\" height=\"22\" fill=\"" + colour(s.level()) + "\"/>\n");
            mark(left + scale * usedAt(s.usable(), capacity.warningFree(), capacity.warningUsedPercent()), y,
                    "#ff9900", "WARNING");
            mark(left + scale * usedAt(s.usable(), capacity.criticalFree(), capacity.criticalUsedPercent()), y,
                    "#d13212", "CRITICAL");
            raw("<text x=\"" + (left + width + 10) + "\" y=\"" + (y + 16) + "\" font-size=\"12\">")
                    .text(s.used() + "/" + s.usable() + " used, " + s.level()).raw("</text>\n");
            raw("<text x=\"" + (left + width + 10) + "\" y=\"" + (y + 32) + "\" font-size=\"11\" fill=\"#545b64\">")
                    .text(s.moreWorkspacesFit() + " more WorkSpaces fit in its directory; " + daysToFull(s)).raw("</text>\n");
            raw("</g>\n");
            y += rowHeight;
        }
        raw("</svg>\n<table>\n<thead><tr><th>Subnet</th><th>Directory</th><th>Used / usable</th><th>Free</th>"
                + "<th>Level</th><th>Days to full</th><th>More WorkSpaces fit (directory)</th></tr></thead>\n<tbody>\n");
        for (AuditReport.SubnetRow s : rows) {
            raw("<tr><td>").text(s.subnetId() + " (" + s.cidr() + ")").raw("</td><td>")
                    .text(s.directoryId() == null ? "by tag" : s.directoryId()).raw("</td><td>")
                    .text(s.used() + " / " + s.usable()).raw("</td><td>").text(String.valueOf(s.free()))
                    .raw("</td><td class=\"").attr(s.level()).raw("\">").text(s.level()).raw("</td><td>")
                    .text(daysToFull(s)).raw("</td><td>").text(String.valueOf(s.moreWorkspacesFit()))
                    .raw("</td></tr>\n");
        }
        raw("</tbody>\n</table>\n</section>\n");
    }

    /** The used count at which a subnet of this size reaches a level: the stricter of its two thresholds. */
    static double usedAt(int usable, int free, double usedPercent) {
        return Math.max(0, Math.min(usable - free, Math.ceil(usable * usedPercent / 100.0)));
    }

    private void mark(double x, int y, String colour, String label) {
        String at = String.format(Locale.ROOT, "%.1f", x);
        raw("<line class=\"threshold\" x1=\"" + at + "\" x2=\"" + at + "\" y1=\"" + y + "\" y2=\"" + (y + 30)
                + "\" stroke=\"" + colour + "\" stroke-width=\"2\"><title>" + label + "</title></line>\n");
    }

    private static String daysToFull(AuditReport.SubnetRow s) {
        return s.daysToFull() == null ? "no filling trend known"
                : String.format(Locale.ROOT, "full in about %.1f days", s.daysToFull());
    }

    /** G4: how many nodes have definitions of each age, then the nodes that are not OK, by name. */
    private void definitions(AuditReport.Definitions definitions) {
        raw("<section id=\"definitions\">\n<h2>Windows Defender definition ages (G4)</h2>\n");
        List<AuditReport.NodeRow> nodes = definitions.nodes();
        if (nodes.isEmpty()) {
            raw("<p>No managed node reports Custom:DefenderStatus (the collection association is not deployed, or"
                    + " no WorkSpace is a managed node).</p>\n</section>\n");
            return;
        }
        int warning = definitions.warningDays();
        int critical = definitions.criticalDays();
        List<Bucket> buckets = List.of(new Bucket("under " + warning + " days", 0, warning - 1),
                new Bucket(warning + " to " + (critical - 1) + " days", warning, critical - 1),
                new Bucket(critical + " to 29 days", critical, 29), new Bucket("30 to 364 days", 30, 364),
                new Bucket("a year or more", 365, Integer.MAX_VALUE));
        long most = buckets.stream().mapToLong(b -> b.count(nodes)).max().orElse(1);
        int height = 180;
        raw("<svg id=\"definitions-chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\""
                + (height + 50) + "\" viewBox=\"0 0 720 " + (height + 50) + "\">\n"
                + "<title>Managed nodes by age of their Defender definitions</title>\n");
        int x = 20;
        for (Bucket b : buckets) {
            long count = b.count(nodes);
            int barHeight = most == 0 ? 0 : (int) Math.round((double) count / Math.max(1, most) * (height - 20));
            String fill = b.from() >= critical ? "#d13212" : b.from() >= warning ? "#ff9900" : "#1d8102";
            raw("<g class=\"age-bucket\">\n<rect x=\"" + x + "\" y=\"" + (height - barHeight) + "\" width=\"110\""
                    + " height=\"" + barHeight + "\" fill=\"" + fill + "\"/>\n");
            raw("<text x=\"" + (x + 55) + "\" y=\"" + (height - barHeight - 5) + "\" font-size=\"13\""
                    + " text-anchor=\"middle\">").text(String.valueOf(count)).raw("</text>\n");
            raw("<text x=\"" + (x + 55) + "\" y=\"" + (height + 18) + "\" font-size=\"11\" text-anchor=\"middle\">")
                    .text(b.label()).raw("</text>\n</g>\n");
            x += 138;
        }
        raw("</svg>\n");
        List<AuditReport.NodeRow> stale = nodes.stream().filter(n -> !n.level().equals("OK")).toList();
        raw("<p>").text(stale.size() + " of " + nodes.size() + " nodes need attention"
                + (stale.isEmpty() ? "." : ":")).raw("</p>\n");
        if (!stale.isEmpty()) {
            raw("<table>\n<thead><tr><th>Node</th><th>Computer</th><th>WorkSpace</th><th>Definitions age</th>"
                    + "<th>Level</th></tr></thead>\n<tbody>\n");
            for (AuditReport.NodeRow n : stale) {
                raw("<tr><td>").text(n.nodeId()).raw("</td><td>").text(orDash(n.computerName())).raw("</td><td>")
                        .text(orDash(n.workspaceId())).raw("</td><td>").text(n.ageDays() + " days")
                        .raw("</td><td class=\"").attr(n.level()).raw("\">").text(n.level()).raw("</td></tr>\n");
            }
            raw("</tbody>\n</table>\n");
        }
        raw("</section>\n");
    }

    private record Bucket(String label, int from, int to) {
        long count(List<AuditReport.NodeRow> nodes) {
            return nodes.stream().filter(n -> n.ageDays() >= from && n.ageDays() <= to).count();
        }
    }

    private void exemptions(List<Finding> exempt) {
        raw("<section id=\"exemptions\">\n<h2>Exemptions</h2>\n");
        if (exempt.isEmpty()) {
            raw("<p>No resource is tagged guardrails:exempt = true.</p>\n</section>\n");
            return;
        }
        raw("<p>Tagged guardrails:exempt = true: recorded, never alerted or fixed. Remove the tag where the exemption"
                + " is not intended; CloudTrail says who set it.</p>\n<table id=\"exemptions-table\">\n<thead><tr>"
                + "<th>Resource</th><th>Guardrail</th><th>What the tag hides</th></tr></thead>\n<tbody>\n");
        for (Finding f : exempt) {
            raw("<tr><td>").text(f.resourceId()).raw("</td><td>").text(f.guardrail()).raw("</td><td>").text(f.seen())
                    .raw("</td></tr>\n");
        }
        raw("</tbody>\n</table>\n</section>\n");
    }

    private void trusts(List<AuditReport.TrustRow> trusts) {
        raw("<section id=\"trusts\">\n<h2>Directory trusts (G2)</h2>\n");
        if (trusts.isEmpty()) {
            raw("<p>No directory in this Region has a trust.</p>\n</section>\n");
            return;
        }
        raw("<table id=\"trusts-table\">\n<thead><tr><th>Trust</th><th>Directory</th><th>Remote domain</th>"
                + "<th>Direction</th><th>State</th><th>Conditional forwarder</th></tr></thead>\n<tbody>\n");
        for (AuditReport.TrustRow t : trusts) {
            raw("<tr><td>").text(t.trustId()).raw("</td><td>").text(t.directoryId()).raw("</td><td>")
                    .text(t.remoteDomain()).raw("</td><td>").text(t.direction()).raw("</td><td>")
                    .text(t.state() + (t.stateReason() == null || t.stateReason().isBlank() ? ""
                            : " (" + t.stateReason() + ")")).raw("</td><td>")
                    .text(t.conditionalForwarder() ? "yes" : "none").raw("</td></tr>\n");
        }
        raw("</tbody>\n</table>\n</section>\n");
    }

    private void workspaces(List<AuditReport.WorkspaceRow> rows) {
        raw("<section id=\"trusted-users\">\n<h2>WorkSpaces of trusted-domain users on non-Windows bundles (G1)</h2>\n");
        if (rows.isEmpty()) {
            raw("<p>None found.</p>\n</section>\n");
            return;
        }
        raw("<p class=\"note\">They exist today and can never connect: only Windows WorkSpaces serve users of a"
                + " trusted domain.</p>\n<table id=\"trusted-users-table\">\n<thead><tr><th>WorkSpace</th><th>User</th>"
                + "<th>Directory</th><th>Bundle</th><th>State</th></tr></thead>\n<tbody>\n");
        for (AuditReport.WorkspaceRow w : rows) {
            raw("<tr><td>").text(w.workspaceId()).raw("</td><td>").text(w.userName()).raw("</td><td>")
                    .text(w.directoryId()).raw("</td><td>").text(w.bundleId()).raw("</td><td>").text(w.state())
                    .raw("</td></tr>\n");
        }
        raw("</tbody>\n</table>\n</section>\n");
    }

    private void findings(AuditReport report) {
        raw("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (report.findings().isEmpty()) {
            raw("<p>No finding.</p>\n");
        }
        int n = 0;
        for (AuditReport.Section s : report.sections()) {
            for (Finding f : s.findings()) {
                n++;
                raw("<article class=\"finding sev-").attr(f.severity().name()).raw("\" id=\"finding-" + n
                        + "\" data-guardrail=\"").attr(f.guardrail()).raw("\" data-rule=\"").attr(f.rule())
                        .raw("\" data-resource=\"").attr(f.resourceId()).raw("\">\n<h3><span class=\"")
                        .attr(f.severity().name()).raw("\">").text(f.severity().name()).raw("</span> ")
                        .text(f.title()).raw("</h3>\n<dl>\n");
                item("Guardrail and rule", f.guardrail() + " / " + f.rule());
                item("Resource", f.resourceId() + (f.related().isEmpty() ? "" : " (with " + String.join(", ",
                        f.related()) + ")"));
                item("What was seen", f.seen());
                item("Why it matters", f.whyItMatters());
                item("What the guardrail does", f.actionTaken());
                item("What to do", f.operatorAction());
                raw("</dl>\n</article>\n");
            }
        }
        raw("</section>\n");
    }

    private void item(String term, String value) {
        raw("<dt>").text(term).raw("</dt><dd>").text(value).raw("</dd>\n");
    }

    private static String colour(String level) {
        return switch (level) {
            case "CRITICAL" -> "#d13212";
            case "WARNING" -> "#ff9900";
            default -> "#1d8102";
        };
    }

    private static String pct(double percent) {
        return String.format(Locale.ROOT, "%.0f%%", percent);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private HtmlReport raw(String markup) {
        html.append(markup);
        return this;
    }

    /**
     * Text content and attribute values: the alerts' safe text (no line break, no invisible format character), then
     * escaped as HTML (commons-text).
     */
    private HtmlReport text(String value) {
        html.append(StringEscapeUtils.escapeHtml4(value == null ? "" : SafeText.line(value, Integer.MAX_VALUE)));
        return this;
    }

    private HtmlReport attr(String value) {
        return text(value);
    }
}
