package guardrails.rdpstickiness;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A successful CreateTargetGroup, ModifyTargetGroupAttributes or RegisterTargets call: which target group it touched.
 * CreateTargetGroup names it in responseElements.targetGroups[0].targetGroupArn, the others in
 * requestParameters.targetGroupArn (CloudTrail records the API's members with a lower-case first letter).
 */
public record StickinessEvent(CloudTrailCall call, String targetGroupArn, boolean registersRdpPort) {

    public static final String SOURCE = "aws.elasticloadbalancing";
    public static final Set<String> EVENT_NAMES =
            Set.of("CreateTargetGroup", "ModifyTargetGroupAttributes", "RegisterTargets");

    /** A target group ARN (elbv2 API reference), bounded: a record could carry anything there. */
    static final Pattern TARGET_GROUP_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]{1,30}:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");

    public static StickinessEvent from(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, SOURCE, EVENT_NAMES);
        JsonNode arn = "CreateTargetGroup".equals(call.eventName())
                ? call.responseElements().path("targetGroups").path(0).path("targetGroupArn")
                : call.requestParameters().path("targetGroupArn");
        if (!arn.isTextual()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD,
                    call.eventName() + " record names no targetGroupArn");
        }
        if (!TARGET_GROUP_ARN.matcher(arn.asText()).matches()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE,
                    "targetGroupArn is not a target group ARN: " + UnusableEvent.quote(arn.asText()));
        }
        // RegisterTargets names each target's port (requestParameters.targets[].port): one on 3389 carries RDP,
        // whatever the group's own port.
        boolean rdpPort = false;
        for (JsonNode target : call.requestParameters().path("targets")) {
            rdpPort |= target.path("port").isInt() && target.path("port").asInt() == RdpStickinessRules.RDP_PORT;
        }
        return new StickinessEvent(call, arn.asText(), "RegisterTargets".equals(call.eventName()) && rdpPort);
    }
}
