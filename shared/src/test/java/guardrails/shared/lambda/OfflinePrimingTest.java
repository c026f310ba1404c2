package guardrails.shared.lambda;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.sns.SnsClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming's offline clients run a mutating call end to end inside the SDK (marshal, sign, unmarshal) and send
 * nothing: the endpoint they resolve to is a socket here that counts who connects.
 */
class OfflinePrimingTest {

    private ServerSocket endpoint;
    private String endpointBefore;

    @BeforeEach
    void listen() throws IOException {
        endpoint = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        endpoint.setSoTimeout(200);
        endpointBefore = System.getProperty("aws.endpointUrl");
        // The SDK reads the endpoint from this property as from AWS_ENDPOINT_URL.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + endpoint.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        if (endpointBefore == null) {
            System.clearProperty("aws.endpointUrl");
        } else {
            System.setProperty("aws.endpointUrl", endpointBefore);
        }
        endpoint.close();
    }

    @Test
    void aPublishAndAConditionalWriteRunThroughTheSdkAndReachNobody() throws IOException {
        SnsClient sns = Priming.offline(SnsClient.builder(), "us-east-1");
        DynamoDbClient dynamo = Priming.offline(DynamoDbClient.builder(), "us-east-1");

        // SNS speaks the query protocol (XML answers), DynamoDB JSON 1.0: both unmarshal an empty success.
        assertNotNull(sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:priming").message("m")));
        var written = dynamo.updateItem(r -> r.tableName("priming").key(Map.of("pk", AttributeValue.fromS("k")))
                .updateExpression("SET #s = :s").conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CLAIMED")))
                .returnValues(ReturnValue.ALL_OLD));
        assertFalse(written.hasAttributes() && !written.attributes().isEmpty(), "an empty success");

        assertEquals(0, connections(), "the offline client opened a connection");
        // The answer was empty, yet the shapes a real one holds are ready: UpdateItem's Attributes, its values.
        assertTrue(ResponseShapes.initialized(software.amazon.awssdk.services.dynamodb.model.AttributeValue.class));
        assertTrue(Priming.offlineOperations().keySet().containsAll(java.util.Set.of("Publish", "UpdateItem")),
                "priming names what it covered: " + Priming.offlineOperations());
    }

    private int connections() throws IOException {
        int accepted = 0;
        while (true) {
            try (var ignored = endpoint.accept()) {
                accepted++;
            } catch (SocketTimeoutException none) {
                return accepted;
            }
        }
    }
}
