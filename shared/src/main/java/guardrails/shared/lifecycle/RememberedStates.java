package guardrails.shared.lifecycle;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a guardrail remembers between runs, one state per subject (a subnet's history, a trust's problems, a node's
 * level), kept apart from the publish-once {@link Claims}.
 */
public interface RememberedStates {

    /**
     * The last states recorded for these subjects (a subnet's history, a trust's problems, a node's level); subjects
     * never recorded are left out. Read in pages (DynamoDB BatchGetItem: 100 keys), so a sweep of 1,000 subnets
     * costs 10 reads, not 1,000.
     */
    Map<String, String> lastStates(Collection<String> subjects);

    /** Records states, in pages (DynamoDB BatchWriteItem: 25 items). */
    void recordStates(Map<String, String> states);

    default Optional<String> lastState(String subject) {
        return Optional.ofNullable(lastStates(List.of(subject)).get(subject));
    }
}
