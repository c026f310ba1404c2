package guardrails.shared.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.config.Mode;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Lifecycle records in the findings table ({@link FindingsTable}), beside the claims and the remembered states:
 * {@code pk = lifecycle|<guardrail>|<resource>}, the record as JSON in {@code record}, {@code version} for
 * conditional writes, {@code expiresAt} for DynamoDB's TTL (pushed back by every write; an open problem's record
 * is rewritten at least every {@link Lifecycle#HUB_REFRESH}).
 * Reads: BatchGetItem, 100 keys a call; writes: one conditional UpdateItem per resource whose record changed.
 */
public final class DynamoDbLifecycleStore implements LifecycleStore {

    static final int READ_PAGE = 100;
    static final int UNPROCESSED_ROUNDS = 5;
    /** A record outlives any refresh period many times over; one left alone this long is of a resource long gone. */
    static final Duration RECORD_TTL = Duration.ofDays(400);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbLifecycleStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Map<String, ResourceRecord> load(String guardrail, Collection<String> resourceIds) {
        List<String> distinct = resourceIds.stream().distinct().toList();
        Map<String, String> byKey = new HashMap<>();
        distinct.forEach(id -> byKey.put(pk(guardrail, id), id));
        Map<String, ResourceRecord> records = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += READ_PAGE) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + READ_PAGE))
                    .stream().map(id -> Map.of("pk", AttributeValue.fromS(pk(guardrail, id)))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int round = 1; !pending.isEmpty(); round++) {
                if (round > UNPROCESSED_ROUNDS) {
                    throw new IllegalStateException("DynamoDB left part of a batch unprocessed " + UNPROCESSED_ROUNDS
                            + " times; Lambda will retry the invocation");
                }
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(get -> get.requestItems(request));
                response.responses().getOrDefault(table, List.of()).stream()
                        .filter(item -> item.containsKey("record"))
                        .forEach(item -> records.put(byKey.get(item.get("pk").s()),
                                decode(item.get("record").s(), Long.parseLong(item.get("version").n()))));
                pending = response.unprocessedKeys();
            }
        }
        return records;
    }

    @Override
    public void save(String guardrail, String resourceId, ResourceRecord record, long expectedVersion) {
        Instant now = clock.instant();
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(pk(guardrail, resourceId))))
                    .updateExpression("SET #record = :record, version = :version, expiresAt = :expires")
                    .conditionExpression(expectedVersion == 0 ? "attribute_not_exists(pk)" : "version = :expected")
                    .expressionAttributeNames(Map.of("#record", "record"))
                    .expressionAttributeValues(values(record, expectedVersion, now)));
        } catch (ConditionalCheckFailedException changed) {
            throw new Conflict(guardrail, resourceId);
        }
    }

    private static Map<String, AttributeValue> values(ResourceRecord record, long expectedVersion, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":record", AttributeValue.fromS(encode(record)));
        values.put(":version", AttributeValue.fromN(Long.toString(record.version())));
        values.put(":expires", AttributeValue.fromN(Long.toString(now.plus(RECORD_TTL).getEpochSecond())));
        if (expectedVersion != 0) {
            values.put(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        return values;
    }

    static String pk(String guardrail, String resourceId) {
        return "lifecycle|" + guardrail + "|" + FindingsTable.bounded(resourceId);
    }

    static String encode(ResourceRecord record) {
        ObjectNode root = Json.object();
        ObjectNode rules = root.putObject("rules");
        record.rules().forEach((rule, r) -> {
            ObjectNode node = rules.putObject(rule);
            node.put("state", r.state());
            node.put("openSince", text(r.openSince()));
            node.put("alertedState", r.alertedState());
            node.put("lastMode", r.lastMode() == null ? null : r.lastMode().name());
            node.put("attempts", r.attempts());
            node.put("lastAttemptAt", text(r.lastAttemptAt()));
            node.put("lastError", r.lastError());
            node.put("gaveUp", r.gaveUp());
            node.put("hubImportedAt", text(r.hubImportedAt()));
        });
        root.put("exemptSince", text(record.exemptSince()));
        ArrayNode pending = root.putArray("pending");
        record.pending().forEach(d -> {
            ObjectNode node = pending.addObject();
            node.put("key", d.key());
            node.set("finding", Json.toTree(d.finding()));
            node.put("alert", d.alert());
            node.put("hub", d.hub().name());
            node.put("openSince", text(d.openSince()));
            node.put("rule", d.rule());
        });
        return Json.toString(root);
    }

    static ResourceRecord decode(String json, long version) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable lifecycle record", e);
        }
        Map<String, RuleRecord> rules = new HashMap<>();
        root.path("rules").properties().forEach(e -> {
            JsonNode r = e.getValue();
            rules.put(e.getKey(), new RuleRecord(r.path("state").asText(), instant(r.get("openSince")),
                    textOrNull(r.get("alertedState")), r.hasNonNull("lastMode") ? Mode.valueOf(r.get("lastMode")
                    .asText()) : null, r.path("attempts").asInt(), instant(r.get("lastAttemptAt")),
                    textOrNull(r.get("lastError")), r.path("gaveUp").asBoolean(), instant(r.get("hubImportedAt"))));
        });
        List<Delivery> pending = new ArrayList<>();
        root.path("pending").forEach(d -> pending.add(new Delivery(d.path("key").asText(),
                Json.fromTree(d.get("finding"), Finding.class), d.path("alert").asBoolean(),
                Delivery.Hub.valueOf(d.path("hub").asText()), instant(d.get("openSince")), textOrNull(d.get("rule")))));
        return new ResourceRecord(rules, instant(root.get("exemptSince")), pending, version);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
