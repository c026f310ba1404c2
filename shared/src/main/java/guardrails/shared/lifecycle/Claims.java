package guardrails.shared.lifecycle;

import java.util.Optional;

/**
 * The durable memory behind "each finding once" and "each fix once": EventBridge delivers at least once and Lambda
 * retries, so every finding (and every fix) is claimed before it is acted on and marked done after its alert is
 * published. What a guardrail remembers between runs is kept apart ({@link RememberedStates}).
 */
public interface Claims {

    /**
     * The outcome of a claim.
     *
     * @param alreadyDone     a previous delivery published this finding: do nothing
     * @param earlierAction   what an earlier attempt's remediation did before its alert failed to go out (null: none)
     * @param earlierActionAt when it did it
     */
    record Claim(boolean alreadyDone, String earlierAction, java.time.Instant earlierActionAt) {
        public static final Claim GRANTED = new Claim(false, null, null);
        public static final Claim ALREADY_DONE = new Claim(true, null, null);

        public static Claim grantedAfter(String earlierAction, java.time.Instant at) {
            return new Claim(false, earlierAction, at);
        }
    }

    /**
     * Claims a finding key. GRANTED: act and publish, then {@link #complete}. ALREADY_DONE: a previous delivery
     * published it. Throws {@link ClaimHeldElsewhere} while another invocation holds a live claim, so this one
     * fails and is retried after that claim's lease ends: never dropped, never doubled.
     */
    Claim claim(String key);

    void complete(String key);

    /**
     * Records with the claim what the remediation did, so that a retry after a failed publish still says what this
     * guardrail did and when (the retry finds the change made and would otherwise report "already done").
     */
    void recordAction(String key, String action);

    /** The action recorded with a finding's claim, if any (what an earlier attempt did, and when). */
    Optional<Claim> recordedAction(String key);

    /** Gives a claim back after a failure, so the retry can publish; an action recorded with it is kept. */
    void release(String key);

    /** Another invocation is handling this finding right now; retrying later is right. */
    final class ClaimHeldElsewhere extends RuntimeException {
        public ClaimHeldElsewhere(String key) {
            super("finding is being handled by another invocation: " + key);
        }
    }
}
