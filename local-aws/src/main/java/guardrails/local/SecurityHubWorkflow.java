package guardrails.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;

/**
 * BatchUpdateFindings, which moto 5.2.1 does not serve: the workflow status and note a customer sets on findings
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html). The stand-in keeps them in
 * moto's own store, by importing each finding again with them, so GetFindings shows them as Security Hub would. An
 * identifier moto does not hold is an unprocessed finding, as in Security Hub.
 */
final class SecurityHubWorkflow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecurityHubWorkflow() {
    }

    static void serve(StandIn standIn, SecurityHubClient moto) {
        standIn.serve("/findings/batchupdate", call -> {
            JsonNode request = read(call.body());
            Map<String, AwsSecurityFinding> held = new HashMap<>();
            moto.getFindingsPaginator(r -> { }).findings().forEach(f -> held.put(f.id() + "|" + f.productArn(), f));
            ObjectNode response = JSON.createObjectNode();
            ArrayNode processed = response.putArray("ProcessedFindings");
            ArrayNode unprocessed = response.putArray("UnprocessedFindings");
            for (JsonNode identifier : request.path("FindingIdentifiers")) {
                AwsSecurityFinding finding = held.get(identifier.path("Id").asText() + "|"
                        + identifier.path("ProductArn").asText());
                if (finding == null) {
                    unprocessed.addObject().<ObjectNode>set("FindingIdentifier", identifier)
                            .put("ErrorCode", "FindingNotFound").put("ErrorMessage", "no such finding");
                    continue;
                }
                var updated = finding.toBuilder();
                if (request.hasNonNull("Workflow")) {
                    updated.workflow(w -> w.status(request.path("Workflow").path("Status").asText()));
                }
                if (request.hasNonNull("Note")) {
                    updated.note(n -> n.text(request.path("Note").path("Text").asText())
                            .updatedBy(request.path("Note").path("UpdatedBy").asText())
                            .updatedAt(java.time.Instant.now().toString()));
                }
                moto.batchImportFindings(r -> r.findings(updated.build()));
                processed.add(identifier);
            }
            return StandIn.Reply.json(response.toString());
        });
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
