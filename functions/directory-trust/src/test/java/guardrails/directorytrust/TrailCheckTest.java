package guardrails.directorytrust;

import guardrails.shared.findings.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trail check: which selectors deliver "AWS API Call via CloudTrail" events (management, not read-only; shapes
 * from cloudtrail/2013-11-01 GetEventSelectors), and what is news.
 */
class TrailCheckTest {

    private static final String ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";

    @Test
    void selectorsThatLetManagementWritesThrough() {
        assertTrue(AwsTrustGateway.logsWriteManagementEvents(GetEventSelectorsResponse.builder().build()),
                "no selector: CloudTrail's default, all management events");
        assertTrue(basic(ReadWriteType.ALL, true));
        assertTrue(basic(ReadWriteType.WRITE_ONLY, null));
        assertFalse(basic(ReadWriteType.READ_ONLY, true));
        assertFalse(basic(ReadWriteType.ALL, false), "data events only");
        assertTrue(advanced(field("eventCategory", "Management")));
        assertTrue(advanced(field("eventCategory", "Management"), field("readOnly", "false")));
        assertFalse(advanced(field("eventCategory", "Management"), field("readOnly", "true")));
        assertFalse(advanced(field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object")));
    }

    @Test
    void noDeliveringTrailIsSaidOnceAndItsReturnToo() {
        List<TrailFacts> stopped = List.of(new TrailFacts(ARN, false, true, true));
        String missing = TrustRules.trailState(stopped);
        assertEquals("MISSING", missing);

        var finding = TrustRules.trailChange("us-east-1", stopped, missing, Optional.empty()).orElseThrow();
        assertEquals("NO_TRAIL_DELIVERS_API_CALLS", finding.rule());
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.seen().contains(ARN + " is not logging"), finding.seen());
        assertEquals(Optional.empty(), TrustRules.trailChange("us-east-1", stopped, missing, Optional.of("MISSING")));

        List<TrailFacts> logging = List.of(new TrailFacts(ARN, true, true, true));
        assertEquals("DELIVERED", TrustRules.trailState(logging));
        assertEquals("TRAIL_DELIVERS_API_CALLS_AGAIN", TrustRules.trailChange("us-east-1", logging, "DELIVERED",
                Optional.of("MISSING")).orElseThrow().rule());
        assertEquals(Optional.empty(), TrustRules.trailChange("us-east-1", logging, "DELIVERED", Optional.empty()));
    }

    @Test
    void noTrailAtAllIsMissingButATrailThatCannotBeReadIsNeverTakenForOne() {
        assertEquals("MISSING", TrustRules.trailState(List.of()));
        assertTrue(TrustRules.trailChange("us-east-1", List.of(), "MISSING", Optional.of("DELIVERED")).isPresent());

        List<TrailFacts> organizations = List.of(TrailFacts.unreadable(ARN));
        assertEquals("UNKNOWN", TrustRules.trailState(organizations));
        assertEquals(Optional.empty(), TrustRules.trailChange("us-east-1", organizations, "UNKNOWN",
                Optional.of("DELIVERED")));
    }

    private static boolean basic(ReadWriteType type, Boolean management) {
        return AwsTrustGateway.logsWriteManagementEvents(GetEventSelectorsResponse.builder()
                .eventSelectors(EventSelector.builder().readWriteType(type).includeManagementEvents(management).build())
                .build());
    }

    private static boolean advanced(AdvancedFieldSelector... fields) {
        return AwsTrustGateway.logsWriteManagementEvents(GetEventSelectorsResponse.builder()
                .advancedEventSelectors(AdvancedEventSelector.builder().fieldSelectors(fields).build()).build());
    }

    private static AdvancedFieldSelector field(String name, String value) {
        return AdvancedFieldSelector.builder().field(name).equalsValue(value).build();
    }
}
