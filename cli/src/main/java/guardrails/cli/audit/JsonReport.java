package guardrails.cli.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.util.List;

/**
 * The report as JSON, for tools: its schema is docs/audit-report.schema.json (the suite holds it to it). Findings
 * and the charts' rows are Jackson's serialization of their records, whose component names are the schema's.
 */
final class JsonReport {

    /** 2: total became the number of findings (the sentence is summary); resourceCount was added. */
    static final int SCHEMA_VERSION = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    static ObjectNode render(AuditReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("account", report.account());
        root.put("region", report.region());
        root.put("generatedAt", report.generatedAt().toString());
        root.put("complete", report.complete());
        root.put("total", report.findings().size());
        root.put("summary", report.summary());
        root.set("counts", counts(report.findings()));
        ArrayNode guardrails = root.putArray("guardrails");
        for (AuditReport.Section section : report.sections()) {
            ObjectNode node = MAPPER.valueToTree(section);
            node.set("counts", counts(section.findings()));
            guardrails.add(node);
        }
        root.set("capacity", MAPPER.valueToTree(report.capacity()));
        root.set("definitions", MAPPER.valueToTree(report.definitions()));
        root.set("trusts", MAPPER.valueToTree(report.trusts()));
        root.set("trustedUsersOnNonWindows", MAPPER.valueToTree(report.trustedUsersOnNonWindows()));
        return root;
    }

    private static ObjectNode counts(List<Finding> findings) {
        ObjectNode counts = MAPPER.createObjectNode();
        for (Severity severity : Severity.values()) {
            counts.put(severity.name(), findings.stream().filter(f -> f.severity() == severity).count());
        }
        return counts;
    }
}
