package guardrails.shared.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each resource an alert names links to its console page, in the email text and in the Chatbot notification. */
class ConsoleLinksTest {

    private static Finding naming(String resource, List<String> related) {
        return new Finding("G9-test", "RULE", Severity.WARNING, resource, related, "Title", "Seen.", "Why.",
                "Nothing.", "Do this.");
    }

    @Test
    void eachKindOfResourceLinksToItsOwnConsolePage() {
        Map<String, String> links = ConsoleLinks.of(naming("ws-6b7e268f0",
                List.of("d-9067a1b2c3", "subnet-0a1b2c3d4e5f60718", "mi-0123456789abcdef0", "wsb-clj85qzj1")),
                "ap-northeast-1");

        assertEquals(Map.of(
                "WorkSpace ws-6b7e268f0", "https://ap-northeast-1.console.aws.amazon.com/workspaces/v2/workspaces"
                        + "?region=ap-northeast-1#/workspaces/ws-6b7e268f0",
                "directory d-9067a1b2c3", "https://ap-northeast-1.console.aws.amazon.com/directoryservicev2/home"
                        + "?region=ap-northeast-1#!/directories/d-9067a1b2c3",
                "subnet subnet-0a1b2c3d4e5f60718", "https://ap-northeast-1.console.aws.amazon.com/vpcconsole/home"
                        + "?region=ap-northeast-1#SubnetDetails:subnetId=subnet-0a1b2c3d4e5f60718",
                "managed node mi-0123456789abcdef0", "https://ap-northeast-1.console.aws.amazon.com/systems-manager"
                        + "/fleet-manager/managed-nodes/mi-0123456789abcdef0/general?region=ap-northeast-1"), links);
        assertEquals(List.of("WorkSpace ws-6b7e268f0", "directory d-9067a1b2c3", "subnet subnet-0a1b2c3d4e5f60718",
                "managed node mi-0123456789abcdef0"), List.copyOf(links.keySet()), "the finding's resource first");
    }

    @Test
    void aTargetGroupLinksToItsPageInTheEc2Console() {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/rdp-hosts/73e2d6bc24d8a067";

        assertEquals(Map.of("target group rdp-hosts", "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1"
                + "#TargetGroup:targetGroupArn=" + arn), ConsoleLinks.of(naming(arn, List.of()), "us-east-1"));
    }

    @Test
    void aSecurityGroupLinksToItsPageInTheEc2Console() {
        assertEquals(Map.of("security group sg-0a1b2c3d4e5f60718", "https://eu-west-1.console.aws.amazon.com/ec2/home"
                + "?region=eu-west-1#SecurityGroup:groupId=sg-0a1b2c3d4e5f60718"),
                ConsoleLinks.of(naming("sg-0a1b2c3d4e5f60718", List.of()), "eu-west-1"));
    }

    /** The audit report links each id it lists, one at a time; an id of no known kind gets no link. */
    @Test
    void oneResourcesAddressIsTheOneItsAlertLinks() {
        assertEquals(java.util.Optional.of(ConsoleLinks.of(naming("sg-0a1b2c3d4e5f60718", List.of()), "eu-west-1")
                .values().iterator().next()), ConsoleLinks.url("sg-0a1b2c3d4e5f60718", "eu-west-1"));
        assertEquals(java.util.Optional.empty(), ConsoleLinks.url("t-1234567890", "eu-west-1"));
    }

    @Test
    void chinaAndGovCloudRegionsUseTheirPartitionsConsoles() {
        assertTrue(ConsoleLinks.of(naming("ws-6b7e268f0", List.of()), "cn-north-1").values().iterator().next()
                .startsWith("https://console.amazonaws.cn/workspaces/v2/workspaces?region=cn-north-1"));
        assertTrue(ConsoleLinks.of(naming("ws-6b7e268f0", List.of()), "us-gov-west-1").values().iterator().next()
                .startsWith("https://console.amazonaws-us-gov.com/workspaces/v2/workspaces?region=us-gov-west-1"));
    }

    @Test
    void noLinkForWhatIsNotAKnownIdOrForARegionThatIsNotOne() {
        assertEquals(Map.of(), ConsoleLinks.of(naming("d-9067a1b2c3/onprem.example.net",
                List.of("t-1234567890", "summary-of-300", "ws-6b7e268f0\"><script>")), "us-east-1"));
        assertEquals(Map.of(), ConsoleLinks.of(naming("ws-6b7e268f0", List.of()), "us-east-1.evil.example#"));
    }

    @Test
    void aSummaryLinksItsFirstResourcesOnly() {
        List<String> nodes = new ArrayList<>(IntStream.range(0, 50)
                .mapToObj(i -> String.format("mi-%017x", i)).toList());

        Map<String, String> links = ConsoleLinks.of(naming("summary-of-300", nodes), "us-east-1");

        assertEquals(ConsoleLinks.LIMIT, links.size());
        assertTrue(links.containsKey("managed node mi-00000000000000000"), links.toString());
    }

    @Test
    void emailListsTheLinksAndChatbotGivesThemAsNextStepsInItsLinkMarkup() throws Exception {
        Finding finding = naming("ws-6b7e268f0", List.of("d-9067a1b2c3"));
        AlertChannel.AlertContext context = new AlertChannel.AlertContext("111122223333", "us-east-1", "e-1");

        String email = EmailText.render(finding, context);
        assertTrue(email.contains("In the console:\n  WorkSpace ws-6b7e268f0: https://us-east-1.console.aws.amazon.com/"
                + "workspaces/v2/workspaces?region=us-east-1#/workspaces/ws-6b7e268f0\n  directory d-9067a1b2c3: "
                + "https://us-east-1.console.aws.amazon.com/directoryservicev2/home?region=us-east-1"
                + "#!/directories/d-9067a1b2c3\n"), email);

        JsonNode steps = new ObjectMapper().readTree(ChatbotNotification.body(finding, context))
                .path("content").path("nextSteps");
        assertEquals("Do this.", steps.get(0).asText());
        assertEquals("WorkSpace ws-6b7e268f0: https://us-east-1.console.aws.amazon.com/workspaces/v2/workspaces"
                + "?region=us-east-1#/workspaces/ws-6b7e268f0", steps.get(1).asText());
        assertEquals(3, steps.size());
    }
}
