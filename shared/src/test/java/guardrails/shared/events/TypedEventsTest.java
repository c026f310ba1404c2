package guardrails.shared.events;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples in events/ as Lambda's own serialization reads them (aws-lambda-java-tests loads each into
 * aws-lambda-java-events' ScheduledEvent, the EventBridge envelope), and our envelope beside it.
 */
class TypedEventsTest {

    @ParameterizedTest
    @Events(folder = "events", type = ScheduledEvent.class)
    void everySampleIsAnEventBridgeEventWithTheFieldsTheGuardrailsRead(ScheduledEvent event) {
        assertNotNull(event.getId());
        assertNotNull(event.getSource());
        assertNotNull(event.getDetailType());
        assertTrue(event.getAccount().matches("\\d{12}"), event.getAccount());
        assertNotNull(event.getRegion());
        assertNotNull(event.getTime());
        assertNotNull(event.getDetail());
    }

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleIsTypedAsLambdasSerializationTypesIt(ScheduledEvent lambdas) throws IOException {
        ScheduledEvent ours;
        try (InputStream sample = getClass().getResourceAsStream("/events/aws.events-ScheduledEvent.json")) {
            ours = EventEnvelope.parse(sample).schedule();
        }

        assertEquals(lambdas.getId(), ours.getId());
        assertEquals(lambdas.getDetailType(), ours.getDetailType());
        assertEquals(lambdas.getSource(), ours.getSource());
        assertEquals(lambdas.getAccount(), ours.getAccount());
        assertEquals(lambdas.getRegion(), ours.getRegion());
        assertEquals(lambdas.getTime().getMillis(), ours.getTime().getMillis());
        assertEquals(lambdas.getResources(), ours.getResources());
        assertEquals(lambdas.getDetail(), ours.getDetail());
    }

    @ParameterizedTest
    @Event(value = "events/aws.workspaces-CreateWorkspaces-trusted-user-linux.json", type = ScheduledEvent.class)
    void aCloudTrailCallIsNotASchedule(ScheduledEvent call) throws IOException {
        try (InputStream sample = getClass().getResourceAsStream(
                "/events/aws.workspaces-CreateWorkspaces-trusted-user-linux.json")) {
            EventEnvelope envelope = EventEnvelope.parse(sample);
            assertEquals(call.getId(), envelope.id());
            UnusableEvent refused = assertThrows(UnusableEvent.class, envelope::schedule);
            assertEquals(UnusableEvent.Reason.WRONG_SOURCE, refused.reason());
        }
    }

    @ParameterizedTest
    @Event(value = "events/aws.events-ScheduledEvent.json", type = ScheduledEvent.class)
    void aScheduleWithATimeThatIsNoTimeIsUnusable(ScheduledEvent schedule) throws IOException {
        String bad = "{\"id\":\"" + schedule.getId() + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"111122223333\",\"region\":\"us-east-1\",\"time\":\"yesterday\",\"detail\":{}}";
        UnusableEvent refused = assertThrows(UnusableEvent.class, () -> EventEnvelope.parse(
                new java.io.ByteArrayInputStream(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8))).schedule());
        assertEquals(UnusableEvent.Reason.WRONG_TYPE, refused.reason());
    }
}
