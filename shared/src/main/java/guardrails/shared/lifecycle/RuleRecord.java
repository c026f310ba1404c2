package guardrails.shared.lifecycle;

import guardrails.shared.config.Mode;
import java.time.Instant;

/**
 * What the lifecycle knows of one open problem (guardrail, resource, rule): what is true and what was done.
 *
 * @param state         the problem's state now (see {@link Problem#state})
 * @param openSince     when it was first seen
 * @param alertedState  the state last alerted (null: never alerted, e.g. found while the resource was exempt)
 * @param lastMode      the mode of the last run that saw it
 * @param attempts      remediation attempts in this state
 * @param lastAttemptAt when the last one ran
 * @param lastError     the AWS error of the last failed attempt (null: none failed)
 * @param gaveUp        no more attempts until the state changes (attempts spent, or a refusal a retry cannot change)
 * @param hubImportedAt when Security Hub last got it (refreshed before its 90-day expiry)
 */
public record RuleRecord(String state, Instant openSince, String alertedState, Mode lastMode, int attempts,
                         Instant lastAttemptAt, String lastError, boolean gaveUp, Instant hubImportedAt) {

    static RuleRecord opened(String state, Instant at) {
        return new RuleRecord(state, at, null, null, 0, null, null, false, null);
    }

    /** The same problem in a new state: news again, and remediation starts afresh. */
    RuleRecord changedTo(String newState) {
        return new RuleRecord(newState, openSince, alertedState, lastMode, 0, null, null, false, hubImportedAt);
    }

    boolean alerted() {
        return state.equals(alertedState);
    }

    RuleRecord alertedNow(Instant at) {
        return new RuleRecord(state, openSince, state, lastMode, attempts, lastAttemptAt, lastError, gaveUp, at);
    }

    RuleRecord importedNow(Instant at) {
        return new RuleRecord(state, openSince, alertedState, lastMode, attempts, lastAttemptAt, lastError, gaveUp, at);
    }

    RuleRecord attempted(Instant at, String error, boolean giveUp) {
        return new RuleRecord(state, openSince, alertedState, lastMode, attempts + 1, at, error, giveUp,
                hubImportedAt);
    }

    RuleRecord gaveUpBecause(String why) {
        return new RuleRecord(state, openSince, alertedState, lastMode, attempts, lastAttemptAt, why, true,
                hubImportedAt);
    }

    RuleRecord seenIn(Mode mode) {
        return new RuleRecord(state, openSince, alertedState, mode, attempts, lastAttemptAt, lastError, gaveUp,
                hubImportedAt);
    }
}
