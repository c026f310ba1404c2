package guardrails.shared.directory;

import guardrails.shared.findings.ShellCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * What the field reports teach about trusts (the README's field facts: two-way trust, delete and recreate), worded once for every guardrail's alerts.
 */
public final class TrustAdvice {

    /** F1. */
    public static final String TWO_WAY_NEEDED = "WorkSpaces for users of a domain trusted by an AWS Managed Microsoft"
            + " AD need a Two-Way trust: with a one-way trust, choosing the trusted domain fails with \"directory"
            + " unavailable\" (AWS documents disagree on this; the field test settled it).";

    private TrustAdvice() {
    }

    /**
     * F4: a domain pair holds one trust only, so changing direction means deleting and recreating it; the commands
     * are {@link #recreateCommands}.
     */
    public static String recreateAsTwoWay(String directoryId, String domain, String existingTrustId) {
        return (existingTrustId == null ? "" : "A domain pair holds one trust only: delete trust " + existingTrustId
                + " on both sides (on AWS with the first command below, and in Active Directory Domains and Trusts on "
                + domain + "). ")
                + "Create the trust as two-way on the remote domain, then on AWS (fill in the password and the DNS"
                + " servers of " + domain + ", which its conditional forwarder needs). Wait for Creating -> Verified.";
    }

    /** The AWS side of {@link #recreateAsTwoWay}: delete the old trust (if any), create the two-way one. */
    public static List<String> recreateCommands(String directoryId, String domain, String existingTrustId) {
        List<String> commands = new ArrayList<>();
        if (existingTrustId != null) {
            commands.add(ShellCommand.of("aws", "ds", "delete-trust", "--trust-id", existingTrustId));
        }
        commands.add(ShellCommand.of("aws", "ds", "create-trust", "--directory-id", directoryId,
                "--remote-domain-name", domain, "--trust-direction", "Two-Way", "--trust-type", "Forest",
                "--trust-password", "<the trust password>", "--conditional-forwarder-ip-addrs",
                "<a DNS server of " + domain + ">"));
        return List.copyOf(commands);
    }
}
