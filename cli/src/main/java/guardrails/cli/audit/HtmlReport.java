package guardrails.cli.audit;

import guardrails.shared.channels.ConsoleLinks;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.SafeText;
import guardrails.shared.findings.Severity;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * The report as one self-contained HTML5 file: styles inline, charts as inline SVG, no script and nothing fetched,
 * so it can be mailed or attached to a ticket and opens anywhere. Every text from AWS or a finding is escaped.
 */
final class HtmlReport {

    /*
     * Narrow screens: each table and id list scrolls inside its own box (overflow-x:auto), so the page never scrolls
     * sideways; ids never break at their hyphens (nowrap), and prose breaks anywhere rather than widen the page.
     * Print: no finding card or table row split across pages (break-inside, honoured by Chromium and Firefox:
     * https://developer.mozilla.org/en-US/docs/Web/CSS/break-inside), nothing clipped by a scroll box, long
     * commands and ids wrapped, links printed as their text.
     */
    private static final String STYLE = """
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1100px;color:#16191f;\
            padding:0 1em;overflow-wrap:anywhere}
            h1{font-size:1.6em}h2{border-bottom:1px solid #d5dbdb;padding-bottom:.2em;margin-top:2em}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;width:100%;margin:.5em 0;overflow-wrap:normal}th,td{border:1px solid #d5dbdb;\
            padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f2f3f3}
            code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
            .id{white-space:nowrap}a{color:#0073bb}
            pre{background:#f2f3f3;border:1px solid #d5dbdb;padding:.5em;margin:.4em 0;overflow-x:auto;white-space:pre;\
            overflow-wrap:normal}
            .CRITICAL{color:#d13212;font-weight:bold}.WARNING{color:#b7640b;font-weight:bold}.INFO{color:#0073bb}\
            .OK{color:#1d8102}
            article{border:1px solid #d5dbdb;border-left:6px solid #0073bb;padding:.5em 1em;margin:1em 0}
            article.sev-CRITICAL{border-left-color:#d13212}article.sev-WARNING{border-left-color:#ff9900}
            dt{font-weight:bold;margin-top:.4em}dd{margin-left:1em}.total{font-size:1.1em;font-weight:bold}
            .note{color:#545b64}svg text{font-family:inherit}
            svg.chart{display:block;width:100%;height:auto;max-width:560px}
            @media print{
            body{margin:0;max-width:none;padding:0}
            article,tr,svg.chart{break-inside:avoid}h2,h3{break-after:avoid}
            .scroll,pre{overflow:visible}
            pre{white-space:pre-wrap;overflow-wrap:anywhere}.id{white-space:normal;overflow-wrap:anywhere}
            a{color:inherit;text-decoration:none}
            }
            """;

    /** The AWS ids prose names (sg-, sgr-, subnet-, ws-, d-, t-, mi-...): a known prefix, then a digit somewhere. */
    private static final Pattern PROSE_ID = Pattern.compile(
            "\\b(?:sgr|sg|subnet|vpc|eni|wsb|ws|mi|i|d|t)-(?=[0-9a-z]*[0-9])[0-9a-z]{6,}\\b");

    private final StringBuilder html = new StringBuilder();
    private final String region;

    private HtmlReport(String region) {
        this.region = region;
    }

    static String render(AuditReport report) {
        HtmlReport page = new HtmlReport(report.region());
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
                        + " says what the deployed guardrail would do in REMEDIATE mode. Each resource id links to"
                        + " its page in the AWS console.</p>\n");
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
        raw("<section id=\"summary\">\n<h2>Summary</h2>\n");
        table("summary-table", List.of("Guardrail", "Checked", "Critical", "Warning", "Info"), report.sections(),
                s -> {
                    raw("<td><code class=\"id\">").text(s.guardrail()).raw("</code> ").text(s.title()).raw("</td>");
                    if (s.error() == null) {
                        td(s.resources());
                    } else {
                        raw("<td><span class=\"CRITICAL\">could not run: ").text(s.error()).raw("</span></td>");
                    }
                    for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
                        td(String.valueOf(s.findings().stream().filter(f -> f.severity() == severity).count()));
                    }
                });
        raw("</section>\n");
    }

    /**
     * G3: a bar per subnet, its width the subnet's usable addresses, the used part coloured by level. Each label has
     * a line of its own above or below its bar, so no label overlaps a bar or another label at any width; the chart
     * scales with its viewBox.
     */
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
        int rowHeight = 94;
        int width = 440;
        int height = rows.size() * rowHeight;
        raw("<svg id=\"capacity-chart\" class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\""
                + " viewBox=\"0 0 " + width + " " + height + "\" preserveAspectRatio=\"xMinYMin meet\">\n"
                + "<title>Used and free addresses of each watched subnet</title>\n");
        int y = 0;
        for (AuditReport.SubnetRow s : rows) {
            double scale = s.usable() <= 0 ? 0 : (double) width / s.usable();
            int usedWidth = (int) Math.round(Math.min(s.used(), s.usable()) * scale);
            raw("<g class=\"subnet\" data-subnet=\"").attr(s.subnetId()).raw("\">\n");
            raw("<text x=\"0\" y=\"" + (y + 15) + "\" font-size=\"14\" font-weight=\"bold\">").text(s.subnetId())
                    .raw("</text>\n");
            raw("<text x=\"" + (width - 2) + "\" y=\"" + (y + 15) + "\" font-size=\"13\" text-anchor=\"end\">")
                    .text(s.used() + "/" + s.usable() + " used, " + s.level()).raw("</text>\n");
            raw("<rect class=\"bar\" x=\"0\" y=\"" + (y + 24) + "\" width=\"" + width
                    + "\" height=\"20\" fill=\"#eaeded\" stroke=\"#aab7b8\"/>\n");
            raw("<rect class=\"used\" x=\"0\" y=\"" + (y + 24) + "\" width=\"" + usedWidth
                    + "\" height=\"20\" fill=\"" + colour(s.level()) + "\"/>\n");
            mark(scale * usedAt(s.usable(), capacity.warningFree(), capacity.warningUsedPercent()), y + 21,
                    "#ff9900", "WARNING");
            mark(scale * usedAt(s.usable(), capacity.criticalFree(), capacity.criticalUsedPercent()), y + 21,
                    "#d13212", "CRITICAL");
            raw("<text x=\"0\" y=\"" + (y + 62) + "\" font-size=\"12\" fill=\"#545b64\">")
                    .text(s.cidr() + (s.directoryId() == null ? ", watched by tag" : ", directory " + s.directoryId()))
                    .raw("</text>\n");
            raw("<text x=\"0\" y=\"" + (y + 80) + "\" font-size=\"12\" fill=\"#545b64\">")
                    .text(s.moreWorkspacesFit() + " more WorkSpaces fit in " + (s.directoryId() == null ? "it"
                            : "its directory") + "; " + daysToFull(s)).raw("</text>\n");
            raw("</g>\n");
            y += rowHeight;
        }
        raw("</svg>\n");
        table("capacity-table", List.of("Subnet", "CIDR", "Directory", "Used / usable", "Free", "Level",
                "Days to full", "More WorkSpaces fit (directory)"), rows, s -> {
                    tdId(s.subnetId());
                    td(s.cidr());
                    if (s.directoryId() == null) {
                        td("by tag");
                    } else {
                        tdId(s.directoryId());
                    }
                    td(s.used() + " / " + s.usable());
                    td(String.valueOf(s.free()));
                    tdLevel(s.level());
                    td(daysToFull(s));
                    td(String.valueOf(s.moreWorkspacesFit()));
                });
        raw("</section>\n");
    }

    /** The used count at which a subnet of this size reaches a level: the stricter of its two thresholds. */
    static double usedAt(int usable, int free, double usedPercent) {
        return Math.max(0, Math.min(usable - free, Math.ceil(usable * usedPercent / 100.0)));
    }

    private void mark(double x, int y, String colour, String label) {
        String at = String.format(Locale.ROOT, "%.1f", x);
        raw("<line class=\"threshold\" x1=\"" + at + "\" x2=\"" + at + "\" y1=\"" + y + "\" y2=\"" + (y + 26)
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
        int step = 100;
        raw("<svg id=\"definitions-chart\" class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\""
                + " viewBox=\"0 0 " + buckets.size() * step + " " + (height + 30) + "\""
                + " preserveAspectRatio=\"xMinYMin meet\">\n"
                + "<title>Managed nodes by age of their Defender definitions</title>\n");
        int x = 0;
        for (Bucket b : buckets) {
            long count = b.count(nodes);
            int barHeight = most == 0 ? 0 : (int) Math.round((double) count / Math.max(1, most) * (height - 20));
            String fill = b.from() >= critical ? "#d13212" : b.from() >= warning ? "#ff9900" : "#1d8102";
            raw("<g class=\"age-bucket\">\n<rect x=\"" + (x + 10) + "\" y=\"" + (height - barHeight) + "\""
                    + " width=\"80\" height=\"" + barHeight + "\" fill=\"" + fill + "\"/>\n");
            raw("<text x=\"" + (x + step / 2) + "\" y=\"" + (height - barHeight - 5) + "\" font-size=\"13\""
                    + " text-anchor=\"middle\">").text(String.valueOf(count)).raw("</text>\n");
            raw("<text x=\"" + (x + step / 2) + "\" y=\"" + (height + 18) + "\" font-size=\"12\""
                    + " text-anchor=\"middle\">").text(b.label()).raw("</text>\n</g>\n");
            x += step;
        }
        raw("</svg>\n");
        List<AuditReport.NodeRow> stale = nodes.stream().filter(n -> !n.level().equals("OK")).toList();
        raw("<p>").text(stale.size() + " of " + nodes.size() + " nodes need attention"
                + (stale.isEmpty() ? "." : ":")).raw("</p>\n");
        if (!stale.isEmpty()) {
            table("definitions-table", List.of("Node", "Computer", "WorkSpace", "Definitions age", "Level"), stale,
                    n -> {
                        tdId(n.nodeId());
                        td(orDash(n.computerName()));
                        tdId(n.workspaceId());
                        td(n.ageDays() + " days");
                        tdLevel(n.level());
                    });
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
                + " is not intended; CloudTrail says who set it.</p>\n");
        table("exemptions-table", List.of("Resource", "Guardrail", "What the tag hides"), exempt, f -> {
            tdId(f.resourceId());
            tdId(f.guardrail());
            raw("<td>").prose(f.seen()).raw("</td>");
        });
        raw("</section>\n");
    }

    private void trusts(List<AuditReport.TrustRow> trusts) {
        raw("<section id=\"trusts\">\n<h2>Directory trusts (G2)</h2>\n");
        if (trusts.isEmpty()) {
            raw("<p>No directory in this Region has a trust.</p>\n</section>\n");
            return;
        }
        table("trusts-table", List.of("Trust", "Directory", "Remote domain", "Direction", "State",
                "Conditional forwarder"), trusts, t -> {
                    tdId(t.trustId());
                    tdId(t.directoryId());
                    td(t.remoteDomain());
                    td(t.direction());
                    td(t.state() + (t.stateReason() == null || t.stateReason().isBlank() ? ""
                            : " (" + t.stateReason() + ")"));
                    td(t.conditionalForwarder() ? "yes" : "none");
                });
        raw("</section>\n");
    }

    private void workspaces(List<AuditReport.WorkspaceRow> rows) {
        raw("<section id=\"trusted-users\">\n<h2>WorkSpaces of trusted-domain users on non-Windows bundles (G1)</h2>\n");
        if (rows.isEmpty()) {
            raw("<p>None found.</p>\n</section>\n");
            return;
        }
        raw("<p class=\"note\">They exist today and can never connect: only Windows WorkSpaces serve users of a"
                + " trusted domain.</p>\n");
        table("trusted-users-table", List.of("WorkSpace", "User", "Directory", "Bundle", "State"), rows, w -> {
            tdId(w.workspaceId());
            td(w.userName());
            tdId(w.directoryId());
            tdId(w.bundleId());
            td(w.state());
        });
        raw("</section>\n");
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
                        .raw("\" data-resource=\"").attr(f.resourceId()).raw("\">\n<h3 class=\"finding-title\">"
                                + "<span class=\"").attr(f.severity().name()).raw("\">").text(f.severity().name())
                        .raw("</span> ").prose(f.title()).raw("</h3>\n<dl>\n");
                raw("<dt>Guardrail and rule</dt><dd><div class=\"scroll\"><code class=\"id\">").text(f.guardrail())
                        .raw("</code> / <code class=\"id\">").text(f.rule()).raw("</code></div></dd>\n");
                raw("<dt>Resource</dt><dd><div class=\"scroll\">");
                id(f.resourceId());
                if (!f.related().isEmpty()) {
                    raw(" (with ");
                    for (int i = 0; i < f.related().size(); i++) {
                        raw(i == 0 ? "" : ", ");
                        id(f.related().get(i));
                    }
                    raw(")");
                }
                raw("</div></dd>\n");
                item("What was seen", f.seen());
                item("Why it matters", f.whyItMatters());
                item("What the guardrail does", f.actionTaken());
                raw("<dt>What to do</dt><dd class=\"what-to-do\">").prose(f.operatorAction());
                // Each command whole in a block of its own, so that it can be copied as it is.
                f.commands().forEach(command -> raw("<pre><code>").text(command).raw("</code></pre>"));
                raw("</dd>\n</dl>\n</article>\n");
            }
        }
        raw("</section>\n");
    }

    private void item(String term, String value) {
        raw("<dt>").text(term).raw("</dt><dd>").prose(value).raw("</dd>\n");
    }

    /**
     * A table in a box of its own that scrolls sideways when the table is wider than the screen, so the page itself
     * never does; each row's cells are written by {@code cells}.
     */
    private <T> void table(String id, List<String> headings, List<T> rows, Consumer<T> cells) {
        raw("<div class=\"scroll\" tabindex=\"0\">\n<table id=\"").attr(id).raw("\">\n<thead><tr>");
        headings.forEach(heading -> raw("<th>").text(heading).raw("</th>"));
        raw("</tr></thead>\n<tbody>\n");
        for (T row : rows) {
            raw("<tr>");
            cells.accept(row);
            raw("</tr>\n");
        }
        raw("</tbody>\n</table>\n</div>\n");
    }

    private void td(String value) {
        raw("<td>").text(value).raw("</td>");
    }

    private void tdId(String resourceId) {
        raw("<td>");
        id(resourceId);
        raw("</td>");
    }

    private void tdLevel(String level) {
        raw("<td class=\"").attr(level).raw("\">").text(level).raw("</td>");
    }

    /** An id, unbroken, linked to its console page when its form tells its kind (the alerts' own links). */
    private void id(String resourceId) {
        if (resourceId == null) {
            text("-");
            return;
        }
        var url = ConsoleLinks.url(resourceId, region);
        url.ifPresent(href -> raw("<a href=\"").attr(href).raw("\">"));
        raw("<code class=\"id\">").text(resourceId).raw("</code>");
        url.ifPresent(href -> raw("</a>"));
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

    /**
     * Prose that names resources: each id in it kept on one line (a browser may otherwise break "sgr-0a1b" after
     * its hyphen, and the copied id is then wrong); the rest wraps as prose does. ARNs are left to wrap.
     */
    private HtmlReport prose(String value) {
        String safe = value == null ? "" : SafeText.line(value, Integer.MAX_VALUE);
        Matcher id = PROSE_ID.matcher(safe);
        int from = 0;
        while (id.find()) {
            html.append(StringEscapeUtils.escapeHtml4(safe.substring(from, id.start()))).append("<span class=\"id\">")
                    .append(StringEscapeUtils.escapeHtml4(id.group())).append("</span>");
            from = id.end();
        }
        html.append(StringEscapeUtils.escapeHtml4(safe.substring(from)));
        return this;
    }

    private HtmlReport attr(String value) {
        return text(value);
    }
}
