package guardrails.cli.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.reporting.Finding;
import guardrails.shared.reporting.Severity;
import java.util.List;

/** The report as JSON, for tools: its schema is docs/audit-report.schema.json (the suite holds it to it). */
final class JsonReport {

    static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    static ObjectNode render(AuditReport report) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("account", report.account());
        root.put("region", report.region());
        root.put("generatedAt", report.generatedAt().toString());
        root.put("complete", report.complete());
        root.put("total", report.total());
        root.set("counts", counts(report.findings()));
        ArrayNode guardrails = root.putArray("guardrails");
        for (AuditReport.Section section : report.sections()) {
            ObjectNode node = guardrails.addObject();
            node.put("guardrail", section.guardrail());
            node.put("title", section.title());
            node.put("resources", section.resources());
            if (section.error() == null) {
                node.putNull("error");
            } else {
                node.put("error", section.error());
            }
            node.set("counts", counts(section.findings()));
            ArrayNode findings = node.putArray("findings");
            section.findings().forEach(f -> finding(findings.addObject(), f));
        }
        ObjectNode capacity = root.putObject("capacity");
        var c = report.capacity();
        capacity.put("warningFree", c.warningFree());
        capacity.put("criticalFree", c.criticalFree());
        capacity.put("warningUsedPercent", c.warningUsedPercent());
        capacity.put("criticalUsedPercent", c.criticalUsedPercent());
        ArrayNode subnets = capacity.putArray("subnets");
        for (AuditReport.SubnetRow s : c.subnets()) {
            ObjectNode node = subnets.addObject();
            node.put("subnetId", s.subnetId());
            node.put("cidr", s.cidr());
            node.put("directoryId", s.directoryId());
            node.put("usable", s.usable());
            node.put("used", s.used());
            node.put("free", s.free());
            node.put("level", s.level());
            node.put("daysToFull", s.daysToFull());
            node.put("moreWorkspacesFit", s.fitInDirectory());
        }
        ObjectNode definitions = root.putObject("definitions");
        definitions.put("warningDays", report.definitions().warningDays());
        definitions.put("criticalDays", report.definitions().criticalDays());
        ArrayNode nodes = definitions.putArray("nodes");
        for (AuditReport.NodeRow n : report.definitions().nodes()) {
            ObjectNode node = nodes.addObject();
            node.put("nodeId", n.nodeId());
            node.put("computerName", n.computerName());
            node.put("workspaceId", n.workspaceId());
            node.put("ageDays", n.ageDays());
            node.put("level", n.level());
        }
        ArrayNode trusts = root.putArray("trusts");
        for (AuditReport.TrustRow t : report.trusts()) {
            ObjectNode node = trusts.addObject();
            node.put("trustId", t.trustId());
            node.put("directoryId", t.directoryId());
            node.put("remoteDomain", t.remoteDomain());
            node.put("direction", t.direction());
            node.put("state", t.state());
            node.put("stateReason", t.stateReason());
            node.put("conditionalForwarder", t.conditionalForwarder());
        }
        ArrayNode workspaces = root.putArray("trustedUsersOnNonWindows");
        for (AuditReport.WorkspaceRow w : report.trustedUsersOnNonWindows()) {
            ObjectNode node = workspaces.addObject();
            node.put("workspaceId", w.workspaceId());
            node.put("userName", w.userName());
            node.put("directoryId", w.directoryId());
            node.put("bundleId", w.bundleId());
            node.put("state", w.state());
        }
        return root;
    }

    private static ObjectNode counts(List<Finding> findings) {
        ObjectNode counts = Json.object();
        for (Severity severity : Severity.values()) {
            counts.put(severity.name(), findings.stream().filter(f -> f.severity() == severity).count());
        }
        return counts;
    }

    private static void finding(ObjectNode node, Finding f) {
        node.put("guardrail", f.guardrail());
        node.put("rule", f.rule());
        node.put("severity", f.severity().name());
        node.put("resourceId", f.resourceId());
        ArrayNode related = node.putArray("related");
        f.related().forEach(related::add);
        node.put("title", f.title());
        node.put("seen", f.seen());
        node.put("whyItMatters", f.whyItMatters());
        node.put("actionTaken", f.actionTaken());
        node.put("operatorAction", f.operatorAction());
    }
}
