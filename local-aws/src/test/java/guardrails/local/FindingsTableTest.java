package guardrails.local;

import guardrails.shared.lifecycle.Claims;
import guardrails.shared.lifecycle.DynamoDbClaims;
import guardrails.shared.lifecycle.DynamoDbRememberedStates;
import guardrails.shared.lifecycle.RememberedStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The findings table on the emulator's DynamoDB: the publish-once claims (conditional writes, leases, TTL) and the
 * remembered states (in pages), side by side in one table.
 */
class FindingsTableTest {

    static final LocalAws AWS = LocalAws.shared();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    Claims claims;
    RememberedStates states;
    DynamoDbClient dynamo;

    @BeforeEach
    void table() {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        dynamo = AWS.client(DynamoDbClient.builder());
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        claims = new DynamoDbClaims(dynamo, deployment.table(), Duration.ofDays(30), Duration.ofMinutes(2), clock);
        states = new DynamoDbRememberedStates(dynamo, deployment.table(), clock);
    }

    @Test
    void aCompletedFindingIsNeverClaimedAgain() {
        assertEquals(Claims.Claim.GRANTED, claims.claim("e1|RULE|ws-1"));
        claims.complete("e1|RULE|ws-1");
        assertEquals(Claims.Claim.ALREADY_DONE, claims.claim("e1|RULE|ws-1"));
        assertEquals(Claims.Claim.GRANTED, claims.claim("e2|RULE|ws-1"), "another event is another finding");
    }

    @Test
    void aLiveClaimMakesTheOtherInvocationRetryAndAnExpiredOneIsTakenOver() {
        assertEquals(Claims.Claim.GRANTED, claims.claim("e1|RULE|ws-1"));
        assertThrows(Claims.ClaimHeldElsewhere.class, () -> claims.claim("e1|RULE|ws-1"));
        now.set(now.get().plus(Duration.ofMinutes(3))); // the first invocation died; its lease ran out
        assertEquals(Claims.Claim.GRANTED, claims.claim("e1|RULE|ws-1"));
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() {
        claims.claim("e1|RULE|ws-1");
        claims.release("e1|RULE|ws-1");
        assertEquals(Claims.Claim.GRANTED, claims.claim("e1|RULE|ws-1"));
    }

    @Test
    void anActionRecordedWithAClaimIsHandedToTheNextClaimant() {
        assertEquals(Claims.Claim.GRANTED, claims.claim("e1|RULE|ws-1"));
        claims.recordAction("e1|RULE|ws-1", "Terminated ws-1.");
        Instant actedAt = now.get();
        claims.release("e1|RULE|ws-1"); // the publish failed
        now.set(now.get().plusSeconds(60));

        Claims.Claim retry = claims.claim("e1|RULE|ws-1");

        assertEquals(Claims.Claim.grantedAfter("Terminated ws-1.", actedAt), retry);
        claims.complete("e1|RULE|ws-1");
        assertEquals(Claims.Claim.ALREADY_DONE, claims.claim("e1|RULE|ws-1"));
    }

    /** An event can carry a 3,000-character id: keys stay within DynamoDB's 2,048-byte partition key. */
    @Test
    void oversizedKeysAreBoundedAndStillDistinct() {
        String longId = "e".repeat(3000);
        assertEquals(Claims.Claim.GRANTED, claims.claim(longId + "|RULE|ws-1"));
        assertEquals(Claims.Claim.GRANTED, claims.claim(longId + "|RULE|ws-2"), "another resource");
        claims.complete(longId + "|RULE|ws-1");
        assertEquals(Claims.Claim.ALREADY_DONE, claims.claim(longId + "|RULE|ws-1"));
        String longSubject = "subnet|" + "s".repeat(3000);
        states.recordStates(Map.of(longSubject, "WARNING"));
        assertEquals(Optional.of("WARNING"), states.lastState(longSubject));
        dynamo.scan(r -> r.tableName("guardrails-findings")).items().forEach(item ->
                assertTrue(item.get("pk").s().length() <= 1024, "bounded key: " + item.get("pk").s().length()));
    }

    @Test
    void claimsExpireThroughTtlAndStatesAreRemembered() {
        claims.claim("e1|RULE|ws-1");
        var item = dynamo.scan(r -> r.tableName("guardrails-findings")).items().get(0);
        assertEquals(now.get().plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
        assertEquals(Optional.empty(), states.lastState("subnet-level|subnet-1"));
        states.recordStates(Map.of("subnet-level|subnet-1", "WARNING"));
        assertEquals(Optional.of("WARNING"), states.lastState("subnet-level|subnet-1"));
    }

    @Test
    void statesAreReadAndWrittenInPagesNotOneByOne() {
        Map<String, String> recorded = new HashMap<>();
        for (int i = 0; i < 260; i++) {
            recorded.put("subnet|subnet-" + i, "OK " + i);
        }
        List<String> asked = new ArrayList<>(recorded.keySet());
        asked.add("subnet|never-seen");

        AWS.standIn().resetCalls();
        states.recordStates(recorded);
        Map<String, String> read = states.lastStates(asked);

        assertEquals(recorded, read, "every state back, the unknown subject left out");
        assertEquals(Collections.nCopies(11, "DynamoDB_20120810.BatchWriteItem"),
                AWS.standIn().calls().stream().filter(c -> c.endsWith("BatchWriteItem")).toList(), "260 / 25 items");
        assertEquals(Collections.nCopies(3, "DynamoDB_20120810.BatchGetItem"),
                AWS.standIn().calls().stream().filter(c -> c.endsWith("BatchGetItem")).toList(), "261 / 100 keys");
        assertEquals(14, AWS.standIn().calls().size(), "nothing else");
    }
}
