package guardrails.shared.reporting;

import java.util.function.Supplier;

/**
 * A safe, idempotent fix for one finding, run only in REMEDIATE mode.
 *
 * @param description what it would do, for ALERT mode's "would have…" line
 * @param act         does it and says what was done; may throw an SDK error, which the reporter turns into
 *                    "tried, failed: do it by hand" rather than losing the alert
 */
public record Remediation(String description, Supplier<String> act) {
}
