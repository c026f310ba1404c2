package guardrails.workspacecreation;

import guardrails.local.CloudTrailEvents;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;


/** The events/ samples, read the way the function reads them. */
class WorkspaceCreationEventTest {

    static WorkspaceCreationEvent parse(String file) {
        return WorkspaceCreationEvent.from(EventEnvelope.from(CloudTrailEvents.load(file)));
    }

    @Test
    void pendingAndFailedRequestsAreRead() {
        WorkspaceCreationEvent event = parse("aws.workspaces-CreateWorkspaces-partly-failed.json");
        assertEquals(List.of("ws-h28q7vw04"), event.workspaceIds());
        assertEquals("test-2@onprem.example.net", event.pending().get(0).userName());
        FailedRequest failed = event.failed().get(0);
        assertEquals("ONPREM\\test-3", failed.userName());
        assertEquals("ResourceNotFound.User", failed.errorCode());
        assertEquals("e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a888", event.call().eventId(), "CloudTrail's eventID keys once-only");
    }

    @Test
    void redactedFieldsAreTreatedAsMissing() {
        var json = CloudTrailEvents.load("aws.workspaces-CreateWorkspaces-trusted-user-linux.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("detail").path("responseElements")
                .path("pendingRequests").get(0)).put("userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
        assertNull(WorkspaceCreationEvent.from(EventEnvelope.from(json)).pending().get(0).userName());
    }

    @Test
    void malformedSampleIsUnusableWithTheFieldNamed() {
        UnusableEvent e = assertThrows(UnusableEvent.class, () -> parse("aws.workspaces-CreateWorkspaces-malformed.json"));
        assertEquals(UnusableEvent.Reason.MISSING_FIELD, e.reason());
        assertEquals("pendingRequests entry has no workspaceId", e.getMessage());
    }

    @Test
    void failedCallIsUnusable() {
        UnusableEvent e = assertThrows(UnusableEvent.class, () -> parse("aws.workspaces-CreateWorkspaces-access-denied.json"));
        assertEquals(UnusableEvent.Reason.FAILED_CALL, e.reason());
    }

    @Test
    void anotherCallIsUnusable() {
        UnusableEvent e = assertThrows(UnusableEvent.class, () -> parse("aws.workspaces-TerminateWorkspaces.json"));
        assertEquals(UnusableEvent.Reason.WRONG_SOURCE, e.reason());
    }
}
