package guardrails.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import guardrails.local.Template;
import guardrails.shared.DynamoDbFindingsLedger;
import guardrails.shared.SnsAlertChannel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The function's policy in template.yaml grants exactly what its code declares it calls (each AWS-facing class
 * lists its IAM actions), no wildcard action, and no mutating action on every resource.
 */
class LeastPrivilegeTest {

    static final Template.Function FUNCTION = Template.load().function("TrustGuardFunction");

    @Test
    void policyGrantsExactlyTheActionsTheCodeCalls() {
        Set<String> declared = new TreeSet<>();
        declared.addAll(AwsTrustGateway.IAM_ACTIONS);
        declared.addAll(SnsAlertChannel.IAM_ACTIONS);
        declared.addAll(DynamoDbFindingsLedger.IAM_ACTIONS);
        assertEquals(declared, new TreeSet<>(FUNCTION.iamActions()));
    }

    @Test
    void noWildcardActionsAndNoMutationOnEveryResource() {
        List<String> mutating = List.of("sns:Publish", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        for (Template.Statement statement : FUNCTION.policy()) {
            assertFalse(statement.sid().isBlank(), "every statement has a Sid");
            statement.actions().forEach(action -> assertFalse(action.contains("*"), statement.sid() + ": " + action));
            if (statement.actions().stream().anyMatch(mutating::contains)) {
                assertFalse(statement.resources().contains("*"), statement.sid() + " mutates on Resource *");
            }
        }
    }
}
