package guardrails.shared.lifecycle;

import guardrails.shared.config.Mode;
import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle record as DynamoDB keeps it (the {@code record} attribute, JSON): what a run writes is exactly what
 * the next run reads, every field and every absent field included, pending messages with their findings.
 */
class DynamoDbLifecycleStoreCodecTest {

    static final String G = "G4-defender-definitions";
    static final Instant T0 = Instant.parse("2027-05-10T06:30:00Z");

    static Finding finding(String rule) {
        return new Finding(G, rule, Severity.CRITICAL, "mi-0123456789abcdef0", List.of("ws-abc", "d-123"),
                "Defender definitions are 9 days old on mi-0123456789abcdef0", "AntivirusSignatureVersion 1.401.1",
                "Stale definitions miss new malware", "Started Update-MpSignature.", "Check the node's connectivity.");
    }

    static ResourceRecord roundTrip(ResourceRecord record) {
        return DynamoDbLifecycleStore.decode(DynamoDbLifecycleStore.encode(record), record.version());
    }

    @Test
    void aRuleWithEveryFieldSetIsReadBackAsWritten() {
        RuleRecord full = new RuleRecord("CRITICAL", T0, "WARNING", Mode.REMEDIATE, 2, T0.plusSeconds(90),
                "Throttling, HTTP 400", true, T0.plus(Duration.ofDays(3)));
        ResourceRecord record = new ResourceRecord(Map.of("DEFINITIONS_STALE", full), null, List.of(), 5);

        ResourceRecord read = roundTrip(record);

        assertEquals(record, read);
        assertEquals(full, read.rules().get("DEFINITIONS_STALE"));
    }

    @Test
    void aRuleJustOpenedWithItsOptionalFieldsAbsentIsReadBackWithThemAbsent() {
        RuleRecord opened = RuleRecord.opened("sgr-1", T0);
        ResourceRecord record = new ResourceRecord(Map.of("RDP_OPEN_TO_WORLD", opened), null, List.of(), 1);

        RuleRecord read = roundTrip(record).rules().get("RDP_OPEN_TO_WORLD");

        assertEquals(opened, read);
        assertNull(read.alertedState());
        assertNull(read.lastMode());
        assertNull(read.lastAttemptAt());
        assertNull(read.lastError());
        assertNull(read.hubImportedAt());
        assertEquals(0, read.attempts());
    }

    @Test
    void aFullRecordWithSeveralRulesAnExemptionAndPendingMessagesIsReadBackEqual() {
        RuleRecord full = new RuleRecord("sgr-1 sgr-2", T0, "sgr-1 sgr-2", Mode.ALERT, 3, T0.plusSeconds(5),
                "InvalidConfigurationRequest, HTTP 400", true, T0.plusSeconds(9));
        RuleRecord partial = new RuleRecord("x", T0.minus(Duration.ofDays(40)), null, Mode.REMEDIATE, 1,
                T0.minusSeconds(1), null, false, null);
        List<Delivery> pending = List.of(
                new Delivery(G + "|A|mi-1|v7", finding("A"), true, Delivery.Hub.IMPORT, T0, "A"),
                new Delivery(G + "|B|mi-1|v7|fixed", finding("B"), true, Delivery.Hub.FIXED, T0.minusSeconds(3600),
                        "B"),
                new Delivery(G + "|C|mi-1|v7|refresh", finding("C"), false, Delivery.Hub.IMPORT, T0, "C"),
                new Delivery(G + "|C|mi-1|v7|closed", finding("C_CLOSED"), true, Delivery.Hub.RESOLVE, T0, "C"),
                new Delivery(G + "|" + Lifecycle.EXEMPT + "|mi-1|v7", finding(Lifecycle.EXEMPT), true,
                        Delivery.Hub.NONE, T0, Lifecycle.EXEMPT),
                new Delivery(G + "|D|mi-1|v7" + Delivery.ACTED, finding("D"), true, Delivery.Hub.IMPORT, null, null));
        ResourceRecord record = new ResourceRecord(Map.of("A", full, "B", partial, "C", RuleRecord.opened("c", T0)),
                T0.minus(Duration.ofDays(2)), pending, 7);

        ResourceRecord read = roundTrip(record);

        assertEquals(record, read);
        assertEquals(record.pending(), read.pending(), "in the same order");
        assertEquals(T0.minus(Duration.ofDays(2)), read.exemptSince());
        assertNull(read.pending().get(5).openSince());
        assertNull(read.pending().get(5).rule());
        assertTrue(read.pending().get(5).acted());
        assertEquals(List.of("ws-abc", "d-123"), read.pending().get(0).finding().related());
    }

    @Test
    void aFindingWithAbsentTextsAndNoRelatedResourcesIsReadBackEqual() {
        Finding sparse = new Finding(G, "R", Severity.INFO, "mi-1", null, null, null, null, null, null);
        ResourceRecord record = new ResourceRecord(Map.of(), null,
                List.of(new Delivery("k", sparse, false, Delivery.Hub.RESOLVE, T0, "R")), 3);

        ResourceRecord read = roundTrip(record);

        assertEquals(record, read);
        assertNull(read.pending().get(0).finding().title());
        assertEquals(List.of(), read.pending().get(0).finding().related());
    }

    @Test
    void textsOutsideAsciiAndQuotesSurviveTheJson() {
        Finding quoted = new Finding(G, "R", Severity.WARNING, "sg-1", List.of("ユーザー"),
                "\"quoted\" \\ back-slashed, ü, 日本語, emoji \uD83D\uDD12", "{\"json\":\"inside\"}", "w", "a", "o");
        RuleRecord rule = new RuleRecord("state with \"quotes\" and 日本", T0, null, null, 0, null,
                "Code, HTTP 400 — dash", false, null);
        ResourceRecord record = new ResourceRecord(Map.of("R", rule), null,
                List.of(new Delivery("k|\"x\"", quoted, true, Delivery.Hub.IMPORT, T0, "R")), 9);

        assertEquals(record, roundTrip(record));
    }

    @Test
    void theEmptyRecordIsReadBackEmpty() {
        ResourceRecord read = DynamoDbLifecycleStore.decode(DynamoDbLifecycleStore.encode(ResourceRecord.NONE), 0);

        assertEquals(ResourceRecord.NONE, read);
        assertTrue(read.isEmpty());
    }

    @Test
    void theVersionIsTheItemsNotTheJsons() {
        ResourceRecord record = new ResourceRecord(Map.of("R", RuleRecord.opened("s", T0)), null, List.of(), 4);

        ResourceRecord read = DynamoDbLifecycleStore.decode(DynamoDbLifecycleStore.encode(record), 12);

        assertEquals(12, read.version(), "the version attribute, used for the conditional write, is the truth");
        assertEquals(record.rules(), read.rules());
    }

    @Test
    void instantsKeepTheirFullPrecision() {
        Instant precise = Instant.parse("2027-05-10T06:30:00.123456789Z");
        RuleRecord rule = new RuleRecord("s", precise, "s", Mode.ALERT, 0, precise, null, false, precise);
        ResourceRecord record = new ResourceRecord(Map.of("R", rule), precise, List.of(), 2);

        ResourceRecord read = roundTrip(record);

        assertEquals(precise, read.rules().get("R").openSince());
        assertEquals(precise, read.exemptSince());
        assertEquals(record, read);
    }

    @Test
    void whatTheLifecycleDecidesSurvivesItsStoredFormRunAfterRun() {
        var remediation = new guardrails.shared.findings.Remediation("run Update-MpSignature", () -> "Started.",
                Duration.ofHours(24));
        Examined stale = new Examined("mi-1", false, List.of(new Problem(finding("DEFINITIONS_STALE"), "CRITICAL",
                remediation)), closed -> Optional.empty());

        var first = Lifecycle.step(G, ResourceRecord.NONE, stale, Mode.REMEDIATE, T0);
        ResourceRecord stored = roundTrip(first.after());
        assertEquals(first.after(), stored);

        var second = Lifecycle.step(G, stored.withoutPending(), stale, Mode.REMEDIATE, T0.plusSeconds(3600));
        var fromRead = Lifecycle.step(G, roundTrip(stored.withoutPending()), stale, Mode.REMEDIATE,
                T0.plusSeconds(3600));
        assertEquals(second.after(), fromRead.after(), "the next run decides the same from the stored form");
        assertEquals(second.after(), roundTrip(second.after()));
    }

    @Test
    void anUnreadableRecordFailsLoudly() {
        assertThrows(IllegalStateException.class, () -> DynamoDbLifecycleStore.decode("{not json", 1));
    }

    @Test
    void theKeyNamesTheGuardrailAndTheResource() {
        assertEquals("lifecycle|" + G + "|mi-1", DynamoDbLifecycleStore.pk(G, "mi-1"));
    }
}
