package guardrails.rdpstickiness;

import java.util.List;
import java.util.Optional;

/** G6's view of the account: target groups, their attributes and tags; the one change it may make. */
public interface StickinessGateway {

    /**
     * Every target group that carries RDP: a layer-4 group on 3389, or one tagged as an RD Gateway farm's; with its
     * attributes and tags.
     */
    List<TargetGroup> rdpTargetGroups();

    /** One target group with its attributes and tags; empty when it no longer exists. */
    Optional<TargetGroup> targetGroup(String arn);

    /** The registered targets of a group ("i-0123 port 3389"), for the alert. */
    List<String> targets(String arn);

    /** Turns on stickiness of this type (source_ip, or lb_cookie on an HTTP(S) group); says what was done. */
    String enableStickiness(String arn, String type);
}
