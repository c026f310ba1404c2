package guardrails.shared.reporting;

import guardrails.shared.events.EventEnvelope;
import guardrails.shared.lifecycle.Examined;
import java.util.List;

/**
 * What a tracking guardrail tells the platform: which resources a trigger concerns, and what it sees on them. The
 * platform ({@link Tracker}) does the rest the same way for every guardrail: the mode read once per invocation, the
 * records, the decisions, the fixes and the channels.
 *
 * @param <R> the guardrail's resource (a security group, a target group)
 */
public interface TrackedResources<R> {

    /** The resources a CloudTrail call names, read again now (empty when gone since: say so in one log line). */
    List<R> named(EventEnvelope call);

    /** Every resource a scheduled sweep looks at. */
    List<R> all();

    /** The id the lifecycle records a resource under (its {@link Examined#resourceId}). */
    String idOf(R resource);

    /** What is open on each resource now, with the fix for each; facts gathered in batches. */
    List<Examined> examine(List<R> resources);
}
