package guardrails.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The ledger in the findings table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 * A claim is a conditional write with a lease, so a crashed invocation's claim expires and its retry proceeds.
 */
public final class DynamoDbFindingsLedger implements FindingsLedger {

    public static final List<String> IAM_ACTIONS =
            List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    private static final String CLAIMED = "CLAIMED";
    private static final String DONE = "DONE";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;
    private final Duration lease;
    private final Clock clock;

    public DynamoDbFindingsLedger(DynamoDbClient dynamo, String table, Duration ttl, Duration lease, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public Claim claim(String key) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("finding|" + key));
        item.put("status", s(CLAIMED));
        item.put("leaseUntil", n(now.plus(lease).getEpochSecond()));
        item.put("expiresAt", n(now.plus(ttl).getEpochSecond()));
        try {
            dynamo.putItem(put -> put.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR (#status = :claimed AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":now", n(now.getEpochSecond()))));
            return Claim.GRANTED;
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> existing = dynamo.getItem(get -> get.tableName(table)
                    .key(Map.of("pk", s("finding|" + key))).consistentRead(true)).item();
            if (existing != null && existing.containsKey("status") && DONE.equals(existing.get("status").s())) {
                return Claim.ALREADY_DONE;
            }
            throw new ClaimHeldElsewhere(key);
        }
    }

    @Override
    public void complete(String key) {
        dynamo.updateItem(update -> update.tableName(table).key(Map.of("pk", s("finding|" + key)))
                .updateExpression("SET #status = :done REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", s(DONE))));
    }

    @Override
    public void release(String key) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table).key(Map.of("pk", s("finding|" + key)))
                    .conditionExpression("#status = :claimed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // nothing to give back
        }
    }

    @Override
    public Optional<String> lastState(String subject) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of("pk", s("state|" + subject))).consistentRead(true)).item();
        return item == null || !item.containsKey("state") ? Optional.empty() : Optional.of(item.get("state").s());
    }

    @Override
    public void recordState(String subject, String state) {
        dynamo.putItem(put -> put.tableName(table).item(Map.of(
                "pk", s("state|" + subject),
                "state", s(state),
                "recordedAt", n(clock.instant().getEpochSecond()))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
