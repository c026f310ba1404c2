package guardrails.shared.lambda;

import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.Optional;

/**
 * A function acts for its own account and region only (read from its ARN). Its clients act in that account with
 * the function's own role, so an event from another account (an event bus fed by other accounts) must never be
 * checked against this account's resources: it is refused. Each account runs its own stack instead.
 */
public final class Tenancy {

    public static final Tenancy OWN_ONLY = new Tenancy();

    private Tenancy() {
    }

    /**
     * Why an event is not this function's to handle, if it is not.
     *
     * @param functionArn the function's own ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME); unknown: no check
     */
    public Optional<String> refusal(EventEnvelope envelope, String functionArn) {
        String[] arn = functionArn == null ? new String[0] : functionArn.split(":");
        if (arn.length < 5) {
            return Optional.empty();
        }
        String ownRegion = arn[3];
        String ownAccount = arn[4];
        if (!ownAccount.equals(envelope.account())) {
            return Optional.of("event from account " + UnusableEvent.quote(envelope.account()) + ", not " + ownAccount
                    + ": this function acts in its own account only (deploy the stack in that account)");
        }
        if (!ownRegion.equals(envelope.region())) {
            return Optional.of("event from region " + UnusableEvent.quote(envelope.region()) + ", not " + ownRegion
                    + ": this function acts in its own region only (deploy the stack in that region)");
        }
        return Optional.empty();
    }
}
