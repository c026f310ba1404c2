package guardrails.shared.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShellCommandTest {

    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("aws ec2 revoke-security-group-ingress --group-id sg-0a1 --security-group-rule-ids sgr-1 sgr-2",
                ShellCommand.of("aws", "ec2", "revoke-security-group-ingress", "--group-id", "sg-0a1",
                        "--security-group-rule-ids", "sgr-1", "sgr-2"));
        assertEquals("Key=stickiness.type,Value=source_ip", ShellCommand.of("Key=stickiness.type,Value=source_ip"));
    }

    @Test
    void globsBracesQuotesAndPlaceholdersAreSingleQuoted() {
        // zsh stops on "no matches found" for an unquoted [ ] word; both shells expand braces.
        assertEquals("'IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16}]'",
                ShellCommand.of("IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16}]"));
        assertEquals("'<the trust password>'", ShellCommand.of("<the trust password>"));
        assertEquals("'it'\\''s'", ShellCommand.of("it's"));
        assertEquals("''", ShellCommand.of(""));
        // A leading = is zsh's equals expansion; a leading ~ is the home directory in both.
        assertEquals("'=x' '~root' 'a$b' 'a b'", ShellCommand.of("=x", "~root", "a$b", "a b"));
    }
}
