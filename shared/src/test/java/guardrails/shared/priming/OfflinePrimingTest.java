package guardrails.shared.priming;

import guardrails.shared.config.AwsClients;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.sns.SnsClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming's offline clients run a call end to end inside the SDK (marshal, sign, unmarshal an empty success in the
 * operation's protocol) and ready the model classes a real answer holds. That they send nothing is held, for every
 * operation of every function, by the CLI module's PrimingCoverageTest.
 */
class OfflinePrimingTest {

    @Test
    void aPublishAndAConditionalWriteUnmarshalAnEmptySuccessAndReadyTheAnswersShapes() {
        SnsClient sns = Priming.offline(SnsClient.builder(), "us-east-1");
        DynamoDbClient dynamo = Priming.offline(DynamoDbClient.builder(), "us-east-1");

        // SNS speaks the query protocol (XML answers), DynamoDB JSON 1.0: both unmarshal an empty success.
        assertNotNull(sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:priming").message("m")));
        var written = dynamo.updateItem(r -> r.tableName("priming").key(Map.of("pk", AttributeValue.fromS("k")))
                .updateExpression("SET #s = :s").conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CLAIMED")))
                .returnValues(ReturnValue.ALL_OLD));
        assertTrue(written.attributes().isEmpty(), "an empty success");

        assertTrue(Priming.offlineOperations().keySet().containsAll(Set.of("Publish", "UpdateItem")),
                "priming names what it covered: " + Priming.offlineOperations());
        // The answer was empty, yet the shapes a real one holds are ready: UpdateItem's Attributes, its values.
        assertTrue(ResponseShapes.initialized(AttributeValue.class));
    }

    /**
     * Priming builds its offline clients itself (it imports nothing of shared), configured as config.AwsClients
     * configures the real ones, so that priming loads what a real call runs through.
     */
    @Test
    void anOfflineClientIsConfiguredAsTheRealOne() {
        var real = AwsClients.build(DynamoDbClient.builder(), "eu-west-1").serviceClientConfiguration();
        var offline = Priming.offline(DynamoDbClient.builder(), "eu-west-1").serviceClientConfiguration();

        assertEquals(real.region(), offline.region());
        assertEquals(real.overrideConfiguration().retryMode(), offline.overrideConfiguration().retryMode());
        assertEquals(real.overrideConfiguration().apiCallTimeout(), offline.overrideConfiguration().apiCallTimeout());
        assertEquals(real.overrideConfiguration().apiCallAttemptTimeout(),
                offline.overrideConfiguration().apiCallAttemptTimeout());
    }
}
