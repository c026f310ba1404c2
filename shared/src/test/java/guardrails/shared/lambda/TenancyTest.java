package guardrails.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.events.EventEnvelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function acts for its own account and region unless told otherwise. */
class TenancyTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static final String ARN = "arn:aws:lambda:us-east-1:111122223333:function:guard";

    static EventEnvelope event(String account, String region) {
        ObjectNode node = JSON.createObjectNode().put("id", "1").put("detail-type", "Scheduled Event")
                .put("source", "aws.events").put("account", account).put("region", region);
        node.putObject("detail");
        return EventEnvelope.from(node);
    }

    @Test
    void ownAccountAndRegionOnlyByDefault() {
        assertTrue(Tenancy.OWN_ONLY.refusal(event("111122223333", "us-east-1"), ARN).isEmpty());
        assertTrue(Tenancy.OWN_ONLY.refusal(event("444455556666", "us-east-1"), ARN).orElseThrow()
                .contains("account 444455556666"));
        assertTrue(Tenancy.OWN_ONLY.refusal(event("111122223333", "eu-west-1"), ARN).orElseThrow()
                .contains("region eu-west-1"));
        assertTrue(Tenancy.OWN_ONLY.refusal(event("444455556666", "eu-west-1"), null).isEmpty(),
                "no ARN (a bare test harness): nothing to compare with");
    }

    @Test
    void eventValuesInMessagesAreShortAndPrintable() {
        String refusal = Tenancy.OWN_ONLY.refusal(event("x".repeat(10_000) + "\u0000", "us-east-1"), ARN).orElseThrow();
        assertTrue(refusal.length() < 200, refusal);
    }
}
