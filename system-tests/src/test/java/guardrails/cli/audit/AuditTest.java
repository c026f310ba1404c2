package guardrails.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.shared.Json;
import guardrails.shared.findings.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.dom.HtmlDocumentBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `./guardrails audit` on the field scenario with every guardrail's problem present: the stand-in's journal proves it
 * read only, the account shows nothing changed, and the three files hold every finding. The HTML is parsed by the
 * validator.nu HTML5 parser (the WHATWG algorithm, reporting every parse error); the JSON is validated against
 * docs/audit-report.schema.json.
 */
class AuditTest {

    /** IAM action verbs that only read (every read action of the services the guardrails call starts so). */
    private static final Pattern READ_ONLY = Pattern.compile("^[a-z0-9-]+:(Describe|Get|List|BatchGet|Query|Scan)\\w*$");

    @TempDir
    static Path folder;

    static LocalAws aws;
    static LocalAws.Deployment deployment;
    static FieldScenario scenario;
    static String linuxWorkspace;
    static String windowsWorkspace;
    static String targetGroup;
    static String bastion;
    static AuditReport report;
    static List<String> actions;
    static String progress;
    static Path html;

    @BeforeAll
    static void auditTheFieldScenario() throws Exception {
        FieldAudit audit = FieldAudit.run();
        aws = audit.aws();
        deployment = audit.deployment();
        scenario = audit.scenario();
        linuxWorkspace = audit.linuxWorkspace();
        windowsWorkspace = audit.windowsWorkspace();
        targetGroup = audit.targetGroup();
        bastion = audit.bastion();
        report = audit.report();
        actions = audit.actions();
        progress = audit.progress();
        html = Audit.write(report, folder);
    }

    @Test
    void everyCallItMadeOnlyRead() {
        List<String> writes = actions.stream().filter(a -> !READ_ONLY.matcher(a).matches()).toList();
        assertEquals(List.of(), writes, "mutating calls of the audit");
        // The journal is real: it holds what each guardrail's sweep reads, and the classifier tells writes apart.
        assertTrue(actions.containsAll(List.of("sts:GetCallerIdentity", "workspaces:DescribeWorkspaces",
                "ds:DescribeTrusts", "ds:DescribeConditionalForwarders", "ec2:DescribeSubnets", "ssm:GetInventory",
                "ec2:DescribeSecurityGroups", "elasticloadbalancing:DescribeTargetGroups", "ds-data:DescribeUser",
                "dynamodb:BatchGetItem")), actions.toString());
        for (String write : List.of("workspaces:TerminateWorkspaces", "ssm:SendCommand", "sns:Publish",
                "dynamodb:PutItem", "dynamodb:UpdateItem", "ec2:RevokeSecurityGroupIngress",
                "elasticloadbalancing:ModifyTargetGroupAttributes", "securityhub:BatchImportFindings")) {
            assertFalse(READ_ONLY.matcher(write).matches(), write);
        }
    }

    @Test
    void theReadmesReadOnlyPolicyGrantsWhatTheAuditCallsAndOnlyReads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```json", readme.indexOf("<!-- audit-policy -->")) + "```json".length();
        JsonNode policy = Json.parse(readme.substring(start, readme.indexOf("```", start)));
        java.util.Set<String> granted = new java.util.TreeSet<>();
        policy.path("Statement").forEach(statement -> statement.path("Action").forEach(a -> granted.add(a.asText())));
        assertTrue(granted.containsAll(actions), "called but not granted: " + actions.stream()
                .filter(a -> !granted.contains(a)).distinct().toList());
        // ds-data:DescribeUser also needs ds:AccessDSData, an IAM permission with no call of its own.
        assertEquals(List.of("ds:AccessDSData"), granted.stream().filter(a -> !READ_ONLY.matcher(a).matches())
                .toList());
    }

    @Test
    void theAccountIsAsItWas() {
        assertTrue(deployment.inbox().drain().isEmpty(), "no alert published");
        assertEquals(0, aws.client(DynamoDbClient.builder()).scan(r -> r.tableName(deployment.table())).count(),
                "nothing recorded in the findings table");
        assertEquals(1, aws.client(WorkSpacesClient.builder()).describeWorkspaces(r -> r.workspaceIds(linuxWorkspace))
                .workspaces().size(), "the Linux WorkSpace REMEDIATE would terminate is still there");
        assertTrue(aws.client(SsmClient.builder()).listCommands(r -> { }).commands().isEmpty(), "no update sent");
        assertEquals("false", scenario.stickiness(targetGroup));
        assertEquals(1, scenario.inboundRules(bastion).size(), "the world rule is still there");
    }

    @Test
    void findsEveryGuardrailsProblemInTheFieldScenario() {
        assertTrue(report.complete(), report.summary());
        assertFinding("G1-workspace-creation", "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", linuxWorkspace, "CRITICAL");
        assertFinding("G2-directory-trust", "TRUST_NOT_TWO_WAY", scenario.trustId, "CRITICAL");
        assertFinding("G3-subnet-capacity", "SUBNET_CAPACITY", scenario.subnetIds.get(0), "CRITICAL");
        assertFinding("G5-network-exposure", "RDP_OPEN_TO_WORLD", bastion, "CRITICAL");
        assertFinding("G5-network-exposure", "DIRECTORY_CONTROLLERS_OPEN_TO_WORLD", scenario.controllersGroup(),
                "WARNING");
        assertFinding("G6-rdp-stickiness", "RDP_TARGET_GROUP_NOT_STICKY", targetGroup, "WARNING");
        assertEquals(1, report.findings().stream().filter(f -> f.rule().equals("DEFENDER_OUT_OF_DATE")
                && f.severity().name().equals("CRITICAL")).count(), report.findings().toString());
        // What REMEDIATE would do, in the alerts' own words; nothing was done.
        Finding linux = find("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", linuxWorkspace);
        assertEquals("Nothing (mode is ALERT). In REMEDIATE mode the guardrail would terminate " + linuxWorkspace
                + ".", linux.actionTaken());
        var row = report.trustedUsersOnNonWindows().get(0);
        assertEquals(List.of(1, linuxWorkspace, FieldScenario.TRUSTED_USER, scenario.directoryId,
                FieldScenario.LINUX_BUNDLE), List.of(report.trustedUsersOnNonWindows().size(), row.workspaceId(),
                row.userName(), row.directoryId(), row.bundleId()));
        // The charts' data: both subnets measured, the node aged, the trust described.
        assertEquals(2, report.capacity().subnets().size());
        var filled = report.capacity().subnets().get(0);
        assertEquals(List.of(scenario.subnetIds.get(0), 27, 2, "CRITICAL"), List.of(filled.subnetId(),
                filled.usable(), filled.free(), filled.level()));
        var node = report.definitions().nodes().get(0);
        assertEquals(List.of(1, windowsWorkspace, "CRITICAL"), List.of(report.definitions().nodes().size(),
                node.workspaceId(), node.level()));
        assertTrue(node.ageDays() >= 400, "reported 400 days old two hours ago: " + node.ageDays());
        var trust = report.trusts().get(0);
        assertEquals(List.of("One-Way: Outgoing", FieldScenario.TRUSTED_DOMAIN, true), List.of(trust.direction(),
                trust.remoteDomain(), trust.conditionalForwarder()));
    }

    @Test
    void theTerminalShowsEachGuardrailAndOneTotal() {
        for (AuditReport.Section section : report.sections()) {
            assertTrue(progress.contains(section.guardrail() + " (" + section.title() + ")... " + section.resources()),
                    progress);
        }
        assertTrue(progress.contains("2 subnets"), progress);
        assertTrue(progress.strip().endsWith(report.summary()), progress);
        assertEquals(1, progress.split(Pattern.quote(report.summary()), -1).length - 1, "the summary once: " + progress);
        for (AuditReport.Section section : report.sections()) {
            int findings = section.findings().size();
            assertTrue(progress.contains("  " + section.guardrail() + " (" + section.title() + ")... "
                    + section.resources() + ", " + findings + (findings == 1 ? " finding\n" : " findings\n")),
                    "one whole line: " + progress);
        }
        assertTrue(report.summary().startsWith("Audit of account " + LocalAws.ACCOUNT + " in us-east-1: "
                + report.findings().size() + " findings"), report.summary());
    }

    @Test
    void theHtmlIsWellFormedAndHoldsEveryFindingAndTheCharts() throws Exception {
        List<String> errors = new ArrayList<>();
        Document page = parse(Files.readString(html), errors);
        assertEquals(List.of(), errors, "HTML5 parse errors");

        List<Element> articles = elements(page, "article");
        assertEquals(report.findings().size(), articles.size());
        for (Finding f : report.findings()) {
            assertTrue(articles.stream().anyMatch(a -> a.getAttribute("data-rule").equals(f.rule())
                    && a.getAttribute("data-resource").equals(f.resourceId())
                    && a.getTextContent().contains(f.operatorAction())), f.rule() + " " + f.resourceId());
        }
        Element capacity = byId(page, "capacity-chart");
        assertEquals("http://www.w3.org/2000/svg", capacity.getNamespaceURI(), "inline SVG, parsed as SVG");
        assertEquals(2, elements(capacity, "g").size(), "a bar per subnet");
        assertEquals(4, elements(capacity, "line").size(), "WARNING and CRITICAL marked on each bar");
        assertTrue(capacity.getTextContent().contains("more WorkSpaces fit"), capacity.getTextContent());
        Element ages = byId(page, "definitions-chart");
        assertEquals(5, elements(ages, "g").size(), "five age buckets");
        assertTrue(byId(page, "definitions").getTextContent().contains(windowsWorkspace), "the stale node named");
        assertTrue(byId(page, "trusts-table").getTextContent().contains("One-Way: Outgoing"));
        assertTrue(byId(page, "trusted-users-table").getTextContent().contains(linuxWorkspace));
        // Responsive: the charts scale with their viewBox; every table scrolls in a box of its own.
        for (Element chart : List.of(capacity, ages)) {
            assertEquals(List.of("", true), List.of(chart.getAttribute("width"), chart.hasAttribute("viewBox")),
                    chart.getAttribute("id"));
        }
        for (Element table : elements(page, "table")) {
            assertEquals("scroll", ((Element) table.getParentNode()).getAttribute("class"), table.getAttribute("id"));
        }
        // Each id unbroken and linked to its console page; each command in a block of its own.
        Element rdp = articles.stream().filter(a -> a.getAttribute("data-resource").equals(bastion)).findFirst()
                .orElseThrow();
        assertTrue(elements(rdp, "a").stream().anyMatch(a -> a.getAttribute("href").equals("https://us-east-1"
                + ".console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=" + bastion)
                && a.getTextContent().equals(bastion) && elements(a, "code").size() == 1));
        assertTrue(elements(rdp, "pre").stream().anyMatch(pre -> pre.getTextContent().startsWith(
                "aws ec2 revoke-security-group-ingress --group-id " + bastion + " --security-group-rule-ids sgr-")
                && !pre.getTextContent().endsWith(".")), rdp.getTextContent());
        assertTrue(elements(rdp, "span").stream().anyMatch(span -> span.getAttribute("class").equals("id")
                && span.getTextContent().matches("sgr-[0-9a-f]+")), "a rule id in prose kept whole");
        assertTrue(elements(byId(page, "capacity-table"), "a").stream().anyMatch(a -> a.getTextContent()
                .equals(scenario.subnetIds.get(0))));
        // Printed: no card or row split across pages, nothing clipped by a scroll box.
        String style = elements(page, "style").get(0).getTextContent();
        String print = style.substring(style.indexOf("@media print"));
        assertTrue(print.contains("article,tr,svg.chart{break-inside:avoid}") && print.contains(
                ".scroll,pre{overflow:visible}"), print);
        // Self-contained: no script, nothing fetched.
        assertEquals(0, elements(page, "script").size());
        assertEquals(0, elements(page, "link").size());
        for (String tag : List.of("img", "iframe", "object", "embed", "use", "image")) {
            assertEquals(0, elements(page, tag).size(), tag);
        }
    }

    @Test
    void theHtmlEscapesWhatItQuotes() throws Exception {
        String hostile = "<script>alert(1)</script> & \"quoted\" 'too'";
        Finding finding = new Finding("G2-directory-trust", "TRUST_NOT_TWO_WAY", guardrails.shared.findings.Severity
                .WARNING, "t-1234567890", List.of(), hostile, hostile, "why", "none", "do");
        AuditReport small = new AuditReport(LocalAws.ACCOUNT, "us-east-1", java.time.Instant.now(), List.of(
                new AuditReport.Section("G2-directory-trust", "Directory trusts", "1 trust", 1, List.of(finding), null)),
                new AuditReport.Capacity(8, 3, 75, 90, List.of()), new AuditReport.Definitions(3, 7, List.of()),
                List.of(new AuditReport.TrustRow("t-1234567890", "d-1234567890", hostile, "Two-Way", "Verified",
                        null, false)), List.of());
        List<String> errors = new ArrayList<>();
        Document page = parse(HtmlReport.render(small), errors);
        assertEquals(List.of(), errors);
        assertEquals(0, elements(page, "script").size());
        assertTrue(elements(page, "article").get(0).getTextContent().contains(hostile));
        assertTrue(MarkdownReport.render(small).contains("\\<script\\>alert(1)\\</script\\>"));
    }

    /** A guardrail the audit cannot run says why: service, code, status and message, never "null: null". */
    @Test
    void aSweepThatCannotRunSaysWhyInWords() {
        var noCode = software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(500)
                .message("stand-in: no answer").awsErrorDetails(software.amazon.awssdk.awscore.exception
                        .AwsErrorDetails.builder().serviceName("SSM").build()).build();
        assertEquals("SSM refused (HTTP 500): stand-in: no answer", Audit.whyNot(noCode));
        var denied = software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().serviceName("SSM")
                        .errorCode("AccessDeniedException").errorMessage("not authorized to perform: ssm:GetInventory")
                        .build()).build();
        assertEquals("SSM refused (AccessDeniedException, HTTP 400): not authorized to perform: ssm:GetInventory; the"
                + " README's read-only audit policy lists every permission the audit needs", Audit.whyNot(denied));
    }

    /** Whoever may tag a resource can silence a guardrail on it: the report lists every exemption in one place. */
    @Test
    void everyExemptionIsListedWithWhatItHides() throws Exception {
        Finding exempt = guardrails.shared.lifecycle.Lifecycle.exemptNotice("G5-network-exposure",
                "sg-0123456789abcdef0", java.util.Map.of("RDP_OPEN_TO_WORLD", new guardrails.shared.lifecycle.Problem(
                        new Finding("G5-network-exposure", "RDP_OPEN_TO_WORLD", guardrails.shared.findings.Severity
                                .CRITICAL, "sg-0123456789abcdef0", List.of(), "RDP open to the world on sg-0123",
                                "s", "w", "a", "o"), "OPEN", null)));
        AuditReport small = new AuditReport(LocalAws.ACCOUNT, "us-east-1", java.time.Instant.now(), List.of(
                new AuditReport.Section("G5-network-exposure", "Network exposure", "1 group", 1, List.of(exempt), null)),
                new AuditReport.Capacity(8, 3, 75, 90, List.of()), new AuditReport.Definitions(3, 7, List.of()),
                List.of(), List.of());
        List<String> errors = new ArrayList<>();
        Document page = parse(HtmlReport.render(small), errors);
        assertEquals(List.of(), errors);
        Element table = elements(page, "table").stream()
                .filter(t -> t.getAttribute("id").equals("exemptions-table")).findFirst().orElseThrow();
        String row = elements(table, "tbody").get(0).getTextContent();
        assertTrue(row.contains("sg-0123456789abcdef0") && row.contains("RDP open to the world on sg-0123"), row);
        assertTrue(MarkdownReport.render(small).contains("| sg-0123456789abcdef0 | G5-network-exposure | The resource"
                + " is tagged guardrails:exempt = true; open on it now: RDP open to the world on sg-0123. |"));
    }

    @Test
    void theJsonMatchesTheSchemaInTheRepository() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                Files.readString(Path.of("..", "docs", "audit-report.schema.json")));
        Path file = folder.resolve("audit-" + LocalAws.ACCOUNT + "-us-east-1.json");
        JsonNode json = Json.parse(Files.readAllBytes(file));
        assertEquals(java.util.Set.of(), schema.validate(json));
        assertEquals(report.findings().size(), json.path("counts").path("CRITICAL").asInt()
                + json.path("counts").path("WARNING").asInt() + json.path("counts").path("INFO").asInt());
        // The schema holds: a report missing its account, or with an unknown level, is refused.
        ObjectNode broken = (ObjectNode) json.deepCopy();
        broken.remove("account");
        ((ObjectNode) broken.path("capacity").path("subnets").get(0)).put("level", "FULL");
        assertEquals(2, schema.validate(broken).size(), schema.validate(broken).toString());
    }

    @Test
    void theMarkdownHoldsEveryFinding() throws Exception {
        String markdown = Files.readString(folder.resolve("audit-" + LocalAws.ACCOUNT + "-us-east-1.md"));
        for (Finding f : report.findings()) {
            assertTrue(markdown.contains("### " + f.severity() + ": " + MarkdownReport.cell(f.title())), f.title());
        }
        assertTrue(markdown.contains("| " + scenario.subnetIds.get(0) + " (10.0.0.0/27) | " + scenario.directoryId
                + " | 25 / 27 | 2 | CRITICAL |"), markdown);
    }

    @Test
    void aGatewaysRemediationIsRefused() {
        var observed = Observed.of(guardrails.rdpstickiness.StickinessGateway.class,
                org.mockito.Mockito.mock(guardrails.rdpstickiness.StickinessGateway.class), "enableStickiness");
        var refused = assertThrows(IllegalStateException.class, () -> observed.gateway().enableStickiness("arn", "source_ip"));
        assertEquals("the audit is read-only: StickinessGateway.enableStickiness changes the account",
                refused.getMessage());
        assertEquals(List.of(), observed.gateway().rdpTargetGroups());
        assertEquals(1, observed.calls("rdpTargetGroups").size());
    }

    private static void assertFinding(String guardrail, String rule, String resourceId, String severity) {
        Finding f = find(rule, resourceId);
        assertEquals(List.of(guardrail, severity), List.of(f.guardrail(), f.severity().name()), f.toString());
    }

    private static Finding find(String rule, String resourceId) {
        return report.findings().stream().filter(f -> f.rule().equals(rule) && f.resourceId().equals(resourceId))
                .findFirst().orElseThrow(() -> new AssertionError(rule + " on " + resourceId + " not in "
                        + report.findings()));
    }

    static Document parse(String markup, List<String> errors) throws Exception {
        HtmlDocumentBuilder builder = new HtmlDocumentBuilder(XmlViolationPolicy.FATAL);
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + " " + e.getMessage());
            }
        });
        return builder.parse(new InputSource(new StringReader(markup)));
    }

    private static List<Element> elements(org.w3c.dom.Node root, String localName) {
        NodeList list = root instanceof Document d ? d.getElementsByTagNameNS("*", localName)
                : ((Element) root).getElementsByTagNameNS("*", localName);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    private static Element byId(Document page, String id) {
        return elements(page, "*").stream().filter(e -> e.getAttribute("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no element #" + id));
    }
}
