package guardrails.local;

import guardrails.shared.reporting.DynamoDbFindingsLedger;
import guardrails.shared.reporting.FindingsLedger;
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


/** The publish-once ledger on the emulator's DynamoDB: conditional writes, leases, TTL. */
class FindingsLedgerTest {

    static final LocalAws AWS = LocalAws.shared();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    FindingsLedger ledger;
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
        ledger = new DynamoDbFindingsLedger(dynamo, deployment.table(), Duration.ofDays(30), Duration.ofMinutes(2), clock);
    }

    @Test
    void aCompletedFindingIsNeverClaimedAgain() {
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e1|RULE|ws-1"));
        ledger.complete("e1|RULE|ws-1");
        assertEquals(FindingsLedger.Claim.ALREADY_DONE, ledger.claim("e1|RULE|ws-1"));
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e2|RULE|ws-1"), "another event is another finding");
    }

    @Test
    void aLiveClaimMakesTheOtherInvocationRetryAndAnExpiredOneIsTakenOver() {
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e1|RULE|ws-1"));
        assertThrows(FindingsLedger.ClaimHeldElsewhere.class, () -> ledger.claim("e1|RULE|ws-1"));
        now.set(now.get().plus(Duration.ofMinutes(3))); // the first invocation died; its lease ran out
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e1|RULE|ws-1"));
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() {
        ledger.claim("e1|RULE|ws-1");
        ledger.release("e1|RULE|ws-1");
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e1|RULE|ws-1"));
    }

    @Test
    void anActionRecordedWithAClaimIsHandedToTheNextClaimant() {
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim("e1|RULE|ws-1"));
        ledger.recordAction("e1|RULE|ws-1", "Terminated ws-1.");
        Instant actedAt = now.get();
        ledger.release("e1|RULE|ws-1"); // the publish failed
        now.set(now.get().plusSeconds(60));

        FindingsLedger.Claim retry = ledger.claim("e1|RULE|ws-1");

        assertEquals(FindingsLedger.Claim.grantedAfter("Terminated ws-1.", actedAt), retry);
        ledger.complete("e1|RULE|ws-1");
        assertEquals(FindingsLedger.Claim.ALREADY_DONE, ledger.claim("e1|RULE|ws-1"));
    }

    /** An event can carry a 3,000-character id: keys stay within DynamoDB's 2,048-byte partition key. */
    @Test
    void oversizedKeysAreBoundedAndStillDistinct() {
        String longId = "e".repeat(3000);
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim(longId + "|RULE|ws-1"));
        assertEquals(FindingsLedger.Claim.GRANTED, ledger.claim(longId + "|RULE|ws-2"), "another resource");
        ledger.complete(longId + "|RULE|ws-1");
        assertEquals(FindingsLedger.Claim.ALREADY_DONE, ledger.claim(longId + "|RULE|ws-1"));
        String longSubject = "subnet|" + "s".repeat(3000);
        ledger.recordStates(Map.of(longSubject, "WARNING"));
        assertEquals(Optional.of("WARNING"), ledger.lastState(longSubject));
        dynamo.scan(r -> r.tableName("guardrails-findings")).items().forEach(item ->
                assertTrue(item.get("pk").s().length() <= 1024, "bounded key: " + item.get("pk").s().length()));
    }

    @Test
    void claimsExpireThroughTtlAndStatesAreRemembered() {
        ledger.claim("e1|RULE|ws-1");
        var item = dynamo.scan(r -> r.tableName("guardrails-findings")).items().get(0);
        assertEquals(now.get().plus(Duration.ofDays(30)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
        assertEquals(Optional.empty(), ledger.lastState("subnet-level|subnet-1"));
        ledger.recordStates(Map.of("subnet-level|subnet-1", "WARNING"));
        assertEquals(Optional.of("WARNING"), ledger.lastState("subnet-level|subnet-1"));
    }

    @Test
    void statesAreReadAndWrittenInPagesNotOneByOne() {
        Map<String, String> states = new HashMap<>();
        for (int i = 0; i < 260; i++) {
            states.put("subnet|subnet-" + i, "OK " + i);
        }
        List<String> asked = new ArrayList<>(states.keySet());
        asked.add("subnet|never-seen");

        AWS.standIn().resetCalls();
        ledger.recordStates(states);
        Map<String, String> read = ledger.lastStates(asked);

        assertEquals(states, read, "every state back, the unknown subject left out");
        assertEquals(Collections.nCopies(11, "DynamoDB_20120810.BatchWriteItem"),
                AWS.standIn().calls().stream().filter(c -> c.endsWith("BatchWriteItem")).toList(), "260 / 25 items");
        assertEquals(Collections.nCopies(3, "DynamoDB_20120810.BatchGetItem"),
                AWS.standIn().calls().stream().filter(c -> c.endsWith("BatchGetItem")).toList(), "261 / 100 keys");
        assertEquals(14, AWS.standIn().calls().size(), "nothing else");
    }
}
