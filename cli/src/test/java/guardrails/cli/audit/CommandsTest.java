package guardrails.cli.audit;

import guardrails.shared.directory.TrustAdvice;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commands a finding's "what to do" quotes come out whole, and the prose around them is kept as it is. */
class CommandsTest {

    private static List<String> commands(String text) {
        List<Commands.Part> parts = Commands.split(text);
        assertEquals(text, parts.stream().map(Commands.Part::text).collect(Collectors.joining()), "nothing lost");
        return parts.stream().filter(Commands.Part::command).map(Commands.Part::text).toList();
    }

    @Test
    void aCommandEndsWhereTheSentenceGoesOn() {
        assertEquals(List.of("aws ec2 revoke-security-group-ingress --group-id sg-0123 --security-group-rule-ids"
                + " sgr-1 sgr-2", "aws ssm start-session --target <instance id> --document-name"
                + " AWS-StartPortForwardingSession --parameters portNumber=3389,localPortNumber=13389"), commands(
                "Revoke the rule (REMEDIATE mode does it): aws ec2 revoke-security-group-ingress --group-id sg-0123"
                        + " --security-group-rule-ids sgr-1 sgr-2. Connect through Session Manager instead: aws ssm"
                        + " start-session --target <instance id> --document-name AWS-StartPortForwardingSession"
                        + " --parameters portNumber=3389,localPortNumber=13389, and point the RDP client at"
                        + " localhost:13389."));
    }

    @Test
    void quotesPlaceholdersAndAsidesDoNotCutACommand() {
        assertEquals(List.of("aws ds delete-trust --trust-id t-1234567890", "aws ds create-trust --directory-id"
                + " d-1234567890 --remote-domain-name onprem.example.net --trust-direction \"Two-Way\" --trust-type"
                + " Forest --trust-password <the trust password> --conditional-forwarder-ip-addrs <the DNS servers of"
                + " onprem.example.net>"), commands(TrustAdvice.recreateAsTwoWay("d-1234567890", "onprem.example.net",
                "t-1234567890")));
        assertEquals(List.of("aws ssm delete-document --name guardrails-update", "aws ssm send-command --parameters"
                + " '{\"a\": [\"b, c. d\"]}'"), commands("Restore it: aws ssm delete-document --name"
                + " guardrails-update (if one is there), then aws ssm send-command --parameters"
                + " '{\"a\": [\"b, c. d\"]}'; done."));
    }

    @Test
    void proseWithoutACommandIsOnePart() {
        assertEquals(List.of(new Commands.Part("Nothing to run: the saws of the aws-cli team.", false)),
                Commands.split("Nothing to run: the saws of the aws-cli team."));
    }
}
