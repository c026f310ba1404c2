package guardrails.networkexposure;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** G5's view of the account: security groups, what they are to the directories, and the changes it may make. */
public interface ExposureGateway {

    /** Every security group of the account and region, with its role and inbound rules. */
    List<SecurityGroup> securityGroups();

    /** One group with its role and inbound rules; empty when it no longer exists. */
    Optional<SecurityGroup> securityGroup(String groupId);

    /** The ranges a directory's controllers must stay reachable from. */
    DirectoryNetwork network(String directoryId, String vpcId);

    /** Revokes exactly these inbound rules of the group, by rule id. */
    Change revoke(String groupId, List<String> ruleIds);

    /**
     * Allows each rule's ports from the ranges planned for it ({@link NetworkExposureRules#replacementPlan}), then
     * revokes the rules that have any; a rule planned with none stays.
     */
    Change replace(String groupId, Map<IngressRule, List<String>> plan);

    /** What a change did: in words, and which rules it revoked. */
    record Change(String done, List<String> revoked) {
        public Change {
            revoked = List.copyOf(revoked);
        }
    }
}
