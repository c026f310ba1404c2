package guardrails.shared.lifecycle;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The remembered states in the findings table ({@link FindingsTable}): {@code pk = state|<subject>}, the state in
 * {@code state}, when it was recorded in {@code recordedAt}. Read and written in pages.
 */
public final class DynamoDbRememberedStates implements RememberedStates {

    public static final List<String> IAM_ACTIONS = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem");

    /** DynamoDB's limits per BatchGetItem and per BatchWriteItem. */
    static final int READ_PAGE = 100;
    static final int WRITE_PAGE = 25;
    /** Rounds for the keys or items DynamoDB hands back unprocessed (under load) before the invocation fails. */
    static final int UNPROCESSED_ROUNDS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbRememberedStates(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Map<String, String> lastStates(Collection<String> subjects) {
        List<String> distinct = subjects.stream().distinct().toList();
        Map<String, String> bySubject = new HashMap<>();
        distinct.forEach(subject -> bySubject.put("state|" + FindingsTable.bounded(subject), subject));
        Map<String, String> states = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += READ_PAGE) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + READ_PAGE))
                    .stream().map(subject -> Map.of("pk", s("state|" + FindingsTable.bounded(subject)))).toList();
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
                .item(Map.of("pk", s("state|" + FindingsTable.bounded(e.getKey())), "state", s(e.getValue()),
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
