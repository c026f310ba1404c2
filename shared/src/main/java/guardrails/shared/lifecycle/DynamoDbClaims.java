package guardrails.shared.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The claims in the findings table ({@link FindingsTable}): {@code pk = finding|<key>}, TTL attribute {@code expiresAt}.
 * A claim is a conditional write with a lease, so a crashed invocation's claim expires and its retry proceeds.
 */
public final class DynamoDbClaims implements Claims {

    public static final List<String> IAM_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:UpdateItem");

    private static final String CLAIMED = "CLAIMED";
    private static final String RELEASED = "RELEASED";
    private static final String DONE = "DONE";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;
    private final Duration lease;
    private final Clock clock;

    public DynamoDbClaims(DynamoDbClient dynamo, String table, Duration ttl, Duration lease, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * An update, not a put: a claim taken again after a release keeps the action recorded with it, and the old
     * item (ALL_OLD) hands that action to the new claimant.
     */
    @Override
    public Claim claim(String key) {
        Instant now = clock.instant();
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(update -> update.tableName(table).key(key(key))
                    .updateExpression("SET #status = :claimed, leaseUntil = :lease, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(pk) OR #status = :released"
                            + " OR (#status = :claimed AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":released", s(RELEASED),
                            ":now", n(now.getEpochSecond()), ":lease", n(now.plus(lease).getEpochSecond()),
                            ":expires", n(now.plus(ttl).getEpochSecond())))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            if (old != null && old.containsKey("action")) {
                return Claim.grantedAfter(old.get("action").s(),
                        Instant.ofEpochSecond(Long.parseLong(old.get("actedAt").n())));
            }
            return Claim.GRANTED;
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> existing = dynamo.getItem(get -> get.tableName(table).key(key(key))
                    .consistentRead(true)).item();
            if (existing != null && existing.containsKey("status") && DONE.equals(existing.get("status").s())) {
                return Claim.ALREADY_DONE;
            }
            throw new ClaimHeldElsewhere(key);
        }
    }

    @Override
    public void complete(String key) {
        dynamo.updateItem(update -> update.tableName(table).key(key(key))
                .updateExpression("SET #status = :done REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":done", s(DONE))));
    }

    @Override
    public void recordAction(String key, String action) {
        dynamo.updateItem(update -> update.tableName(table).key(key(key))
                .updateExpression("SET #action = :action, actedAt = :at")
                .expressionAttributeNames(Map.of("#action", "action"))
                .expressionAttributeValues(Map.of(":action", s(action), ":at", n(clock.instant().getEpochSecond()))));
    }

    @Override
    public Optional<Claim> recordedAction(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table).key(key(key))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("action") ? Optional.empty() : Optional.of(Claim.grantedAfter(
                item.get("action").s(), Instant.ofEpochSecond(Long.parseLong(item.get("actedAt").n()))));
    }

    @Override
    public void release(String key) {
        try {
            dynamo.updateItem(update -> update.tableName(table).key(key(key))
                    .updateExpression("SET #status = :released REMOVE leaseUntil")
                    .conditionExpression("#status = :claimed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":released", s(RELEASED))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // nothing to give back
        }
    }

    private static Map<String, AttributeValue> key(String findingKey) {
        return Map.of("pk", s("finding|" + FindingsTable.bounded(findingKey)));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
