package guardrails.networkexposure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.CloudTrailEvents;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which group a security group call names, in each of CloudTrail's shapes (the samples of events/). */
class ExposureEventTest {

    static ExposureEvent read(ObjectNode event) {
        return ExposureEvent.from(EventEnvelope.from(event));
    }

    @Test
    void eachSampleNamesItsGroup() {
        assertEquals("sg-0a1b2c3d4e5f60718", read(CloudTrailEvents.load("aws.ec2-AuthorizeSecurityGroupIngress.json"))
                .groupId());
        assertEquals("sg-0a1b2c3d4e5f60718", read(CloudTrailEvents.load("aws.ec2-ModifySecurityGroupRules.json"))
                .groupId(), "from ModifySecurityGroupRulesRequest.GroupId");
        assertEquals("sg-0b2c3d4e5f6071829", read(CloudTrailEvents.load(
                "aws.ec2-AuthorizeSecurityGroupIngress-by-group-name.json")).groupId(), "from the response's rules");
    }

    @Test
    void aRecordNamingNoGroupOrSomethingElseIsUnusable() {
        ObjectNode nameless = CloudTrailEvents.load("aws.ec2-AuthorizeSecurityGroupIngress-by-group-name.json");
        ((ObjectNode) nameless.get("detail")).putNull("responseElements");
        assertEquals(UnusableEvent.Reason.MISSING_FIELD, assertThrows(UnusableEvent.class, () -> read(nameless))
                .reason());

        ObjectNode odd = CloudTrailEvents.load("aws.ec2-AuthorizeSecurityGroupIngress.json");
        ((ObjectNode) odd.get("detail").get("requestParameters")).put("groupId", "sg-0a1b\"><script>");
        assertEquals(UnusableEvent.Reason.WRONG_TYPE, assertThrows(UnusableEvent.class, () -> read(odd)).reason());
    }
}
