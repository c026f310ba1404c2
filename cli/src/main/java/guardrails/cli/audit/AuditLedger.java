package guardrails.cli.audit;

import guardrails.shared.lifecycle.Claims;
import guardrails.shared.lifecycle.RememberedStates;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The audit's claims and remembered states: it remembers nothing and writes nowhere. Every sweep sees each resource for the first
 * time, so every problem present today is a finding (the deployed guardrails alert only on a change), and the
 * findings table, if there is one, is never touched.
 */
final class AuditLedger implements Claims, RememberedStates {

    @Override
    public Claim claim(String key) {
        return Claim.GRANTED;
    }

    @Override
    public void complete(String key) {
    }

    @Override
    public void recordAction(String key, String action) {
    }

    @Override
    public Optional<Claim> recordedAction(String key) {
        return Optional.empty();
    }

    @Override
    public void release(String key) {
    }

    @Override
    public Map<String, String> lastStates(Collection<String> subjects) {
        return Map.of();
    }

    @Override
    public void recordStates(Map<String, String> states) {
    }
}
