package guardrails.shared.reporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The ledger in the findings table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 * A claim is a conditional write with a lease, so a crashed invocation's claim expires and its retry proceeds.
 */
public final class DynamoDbFindingsLedger implements FindingsLedger {

    public static final List<String> IAM_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem");

    /** DynamoDB's limits per BatchGetItem and per BatchWriteItem. */
    static final int READ_PAGE = 100;
    static final int WRITE_PAGE = 25;
    /** Rounds for the keys or items DynamoDB hands back unprocessed (under load) before the invocation fails. */
    static final int UNPROCESSED_ROUNDS = 5;

    private static final String CLAIMED = "CLAIMED";
    private static final String RELEASED = "RELEASED";
    private static final String DONE = "DONE";
    /**
     * Keys are event ids, rule names and resource ids, all bounded by AWS, but an event can carry anything: past
     * this many characters a key is shortened and completed with its SHA-256, well within DynamoDB's 2,048 bytes.
     */
    static final int KEY_LIMIT = 512;

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
        return Map.of("pk", s("finding|" + bounded(findingKey)));
    }

    /** A key as stored: itself when short, else its beginning and its SHA-256 (see {@link #KEY_LIMIT}). */
    public static String bounded(String key) {
        if (key.length() <= KEY_LIMIT) {
            return key;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return key.substring(0, 128) + "#sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public Map<String, String> lastStates(Collection<String> subjects) {
        List<String> distinct = subjects.stream().distinct().toList();
        Map<String, String> bySubject = new HashMap<>();
        distinct.forEach(subject -> bySubject.put("state|" + bounded(subject), subject));
        Map<String, String> states = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += READ_PAGE) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + READ_PAGE))
                    .stream().map(subject -> Map.of("pk", s("state|" + bounded(subject)))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 1; !pending.isEmpty(); round++) {
                pauseBefore(round);
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(get -> get.requestItems(request));
                response.responses().getOrDefault(table, List.of()).stream().filter(item -> item.containsKey("state"))
                        .forEach(item -> states.put(bySubject.get(item.get("pk").s()), item.get("state").s()));
                pending = response.unprocessedKeys();
            }
        }
        return states;
    }

    @Override
    public void recordStates(Map<String, String> states) {
        List<WriteRequest> writes = states.entrySet().stream().map(e -> WriteRequest.builder().putRequest(put -> put
                .item(Map.of("pk", s("state|" + bounded(e.getKey())), "state", s(e.getValue()),
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
