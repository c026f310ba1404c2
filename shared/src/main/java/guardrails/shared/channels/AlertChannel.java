package guardrails.shared.channels;

import guardrails.shared.findings.Finding;

/** Where findings go. Publishing must either succeed or throw, so the invocation fails and is retried. */
public interface AlertChannel {
    void publish(Finding finding, AlertContext context);

    /** Where the finding was made: for message attributes and the alert's thread. */
    record AlertContext(String account, String region, String eventId) {
    }
}
