package guardrails.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ledger in the findings table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 * A claim is a conditional write with a lease, so a crashed invocation's claim expires and its retry proceeds.
 */
public final class DynamoDbFindingsLedger implements FindingsLedger {

    public static final List<String> IAM_ACTIONS =
            List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem");

    /** DynamoDB's limits per BatchGetItem and per BatchWriteItem. */
    static final int READ_PAGE = 100;
    static final int WRITE_PAGE = 25;
    /** Rounds for the keys or items DynamoDB hands back unprocessed (under load) before the invocation fails. */
    static final int UNPROCESSED_ROUNDS = 5;

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
    public Map<String, String> lastStates(Collection<String> subjects) {
        List<String> distinct = subjects.stream().distinct().toList();
        Map<String, String> states = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += READ_PAGE) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + READ_PAGE))
                    .stream().map(subject -> Map.of("pk", s("state|" + subject))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 1; !pending.isEmpty(); round++) {
                pauseBefore(round);
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(get -> get.requestItems(request));
                response.responses().getOrDefault(table, List.of()).stream().filter(item -> item.containsKey("state"))
                        .forEach(item -> states.put(item.get("pk").s().substring("state|".length()),
                                item.get("state").s()));
                pending = response.unprocessedKeys();
            }
        }
        return states;
    }

    @Override
    public void recordStates(Map<String, String> states) {
        List<WriteRequest> writes = states.entrySet().stream().map(e -> WriteRequest.builder().putRequest(put -> put
                .item(Map.of("pk", s("state|" + e.getKey()), "state", s(e.getValue()),
                        "recordedAt", n(clock.instant().getEpochSecond())))).build()).toList();
        for (int from = 0; from < writes.size(); from += WRITE_PAGE) {
            Map<String, List<WriteRequest>> pending = Map.of(table,
                    writes.subList(from, Math.min(writes.size(), from + WRITE_PAGE)));
            for (int round = 1; !pending.isEmpty(); round++) {
                pauseBefore(round);
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(write -> write.requestItems(request)).unprocessedItems();
            }
        }
    }

    /** Backs off before asking again for what DynamoDB left unprocessed; fails the invocation after a few rounds. */
    private static void pauseBefore(int round) {
        if (round == 1) {
            return;
        }
        if (round > UNPROCESSED_ROUNDS) {
            throw new IllegalStateException("DynamoDB left part of a batch unprocessed " + UNPROCESSED_ROUNDS
                    + " times; Lambda will retry the invocation");
        }
        try {
            Thread.sleep(50L << round);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
