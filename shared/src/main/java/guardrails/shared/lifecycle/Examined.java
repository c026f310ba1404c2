package guardrails.shared.lifecycle;

import guardrails.shared.findings.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One resource a run looked at, and what is open on it now. A rule recorded open before and absent here is closed.
 *
 * @param resourceId the resource (a security group, a target group, a managed node)
 * @param exempt     tagged {@code guardrails:exempt = true}: recorded, never acted on, announced once
 * @param open       the problems open on it now (empty: healthy)
 * @param recovery   the guardrail's words for a problem that is gone (empty: a plain "no longer seen")
 */
public record Examined(String resourceId, boolean exempt, List<Problem> open,
                       Function<Closed, Optional<Finding>> recovery) {

    public Examined {
        open = List.copyOf(open);
    }

    /** A problem recorded open that this run no longer sees. */
    public record Closed(String rule, String state, Instant openSince) {
    }
}
