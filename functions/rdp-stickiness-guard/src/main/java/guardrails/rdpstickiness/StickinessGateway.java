package guardrails.rdpstickiness;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** G6's view of the account: target groups and their attributes; the one change it may make. */
public interface StickinessGateway {

    /** Every target group that carries RDP (layer 4, port 3389), with its attributes. */
    List<TargetGroup> rdpTargetGroups();

    /** One target group with its attributes; empty when it no longer exists. */
    Optional<TargetGroup> targetGroup(String arn);

    /** The registered targets of a group ("i-0123 port 3389"), for the alert. */
    List<String> targets(String arn);

    /** Which of these groups carry the exemption tag. */
    Set<String> exempt(List<String> arns);

    /** Turns on source-IP stickiness; says what was done. */
    String enableStickiness(String arn);
}
