package guardrails.shared.lifecycle;

import guardrails.shared.findings.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lifecycle's record of one resource for one guardrail: its open problems by rule, since when it is exempt,
 * and the messages decided but not yet delivered on every channel (written before they are sent, so a failed send is
 * retried from here and never re-decided).
 *
 * @param version incremented by every write; a write expects the version it read (two runs never both win)
 */
public record ResourceRecord(Map<String, RuleRecord> rules, Instant exemptSince, List<Delivery> pending,
                             long version) {

    public static final ResourceRecord NONE = new ResourceRecord(Map.of(), null, List.of(), 0);

    public ResourceRecord {
        rules = java.util.Collections.unmodifiableMap(new TreeMap<>(rules));
        pending = List.copyOf(pending);
    }

    public ResourceRecord withoutPending() {
        return new ResourceRecord(rules, exemptSince, List.of(), version);
    }

    public boolean isEmpty() {
        return rules.isEmpty() && exemptSince == null && pending.isEmpty();
    }
}
