package guardrails.networkexposure;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A successful AuthorizeSecurityGroupIngress or ModifySecurityGroupRules call: which security group it changed.
 * AuthorizeSecurityGroupIngress names it in requestParameters.groupId, or (a call by group name, default VPC) only in
 * responseElements.securityGroupRuleSet.items[].groupId; CloudTrail wraps ModifySecurityGroupRules' request as
 * requestParameters.ModifySecurityGroupRulesRequest.GroupId (as AWS's CloudTrail Lake sample
 * https://github.com/aws-samples/cloud-trail-lake-query-samples/blob/main/ec2-security-historical-changes.sql reads it).
 */
public record ExposureEvent(CloudTrailCall call, String groupId) {

    public static final String SOURCE = "aws.ec2";
    public static final Set<String> EVENT_NAMES = Set.of("AuthorizeSecurityGroupIngress", "ModifySecurityGroupRules");

    /** A security group id (EC2 API reference: sg- and 8 or 17 hexadecimal characters). */
    static final Pattern GROUP_ID = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");

    public static ExposureEvent from(EventEnvelope envelope) {
        CloudTrailCall call = CloudTrailCall.from(envelope, SOURCE, EVENT_NAMES);
        JsonNode group = "ModifySecurityGroupRules".equals(call.eventName())
                ? call.requestParameters().path("ModifySecurityGroupRulesRequest").path("GroupId")
                : call.requestParameters().path("groupId");
        if (group.isMissingNode() || group.isNull()) {
            group = call.responseElements().path("securityGroupRuleSet").path("items").path(0).path("groupId");
        }
        if (!group.isTextual()) {
            throw new UnusableEvent(UnusableEvent.Reason.MISSING_FIELD,
                    call.eventName() + " record names no security group id");
        }
        if (!GROUP_ID.matcher(group.asText()).matches()) {
            throw new UnusableEvent(UnusableEvent.Reason.WRONG_TYPE,
                    "groupId is not a security group id: " + UnusableEvent.quote(group.asText()));
        }
        return new ExposureEvent(call, group.asText());
    }
}
