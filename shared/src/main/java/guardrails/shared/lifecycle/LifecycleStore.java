package guardrails.shared.lifecycle;

import java.util.Collection;
import java.util.Map;

/** Where the lifecycle keeps its records: one per guardrail and resource. */
public interface LifecycleStore {

    /** The records of these resources (a resource never recorded is left out), read consistently, in pages. */
    Map<String, ResourceRecord> load(String guardrail, Collection<String> resourceIds);

    /**
     * Writes a record if it is still at {@code expectedVersion} (0: never written); throws {@link Conflict} when
     * another run wrote it meanwhile, so this invocation fails and its retry decides again from what that run did.
     */
    void save(String guardrail, String resourceId, ResourceRecord record, long expectedVersion);

    /** Another run changed the record since it was read. */
    final class Conflict extends RuntimeException {
        public Conflict(String guardrail, String resourceId) {
            super("another run changed the lifecycle record of " + resourceId + " (" + guardrail + "); retrying");
        }
    }

    /** Remembers nothing and writes nowhere: every open problem is news (the read-only audit). */
    LifecycleStore NOWHERE = new LifecycleStore() {
        @Override
        public Map<String, ResourceRecord> load(String guardrail, Collection<String> resourceIds) {
            return Map.of();
        }

        @Override
        public void save(String guardrail, String resourceId, ResourceRecord record, long expectedVersion) {
        }
    };
}
