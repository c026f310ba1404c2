package guardrails.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `./guardrails invoke`: a configuration error exits 2 and says what is wrong, with the usage. */
class MainTest {

    @Test
    void anUnknownFunctionPrintsTheUsageAndExits2() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = Main.invoke("NoSuchFunction", guardrails.local.CloudTrailEvents.eventsDir()
                    .resolve("aws.events-ScheduledEvent.json"));
        } finally {
            System.setErr(stderr);
        }
        String said = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertTrue(said.contains("template.yaml has no function NoSuchFunction"), said);
        assertTrue(said.contains("usage:") && said.contains("DirectoryTrustFunction"), said);
    }

    @Test
    void anUnreadableEventFileExits2() throws Exception {
        assertEquals(2, Main.invoke("DirectoryTrustFunction", Path.of("no-such-event.json")));
    }

    /** One usage text: the script's header, which `./guardrails help` prints too. */
    @Test
    void theUsageIsTheScriptsOwnText() throws Exception {
        String usage = Main.usageText();
        for (String line : java.nio.file.Files.readAllLines(guardrails.local.CloudTrailEvents.eventsDir().getParent()
                .resolve("guardrails"))) {
            if (line.startsWith("#   ./guardrails")) {
                assertTrue(usage.contains(line.substring(1)), line);
            }
        }
        assertTrue(usage.contains("replay <function> <queue url>"), usage);
    }

    /** No stack trace for a missing Region or credentials: one line that says what to set. */
    @Test
    void aMissingRegionOrCredentialSaysWhatToSet() {
        assertEquals("no AWS Region: set AWS_REGION (or AWS_DEFAULT_REGION), e.g. export AWS_REGION=eu-west-1",
                Main.missingSetting(software.amazon.awssdk.core.exception.SdkClientException.create(
                        "Unable to load region from any of the providers in the chain ...")));
        assertTrue(Main.missingSetting(software.amazon.awssdk.core.exception.SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain ..."), null).startsWith(
                "no AWS credentials: set AWS_PROFILE"));
    }

    /**
     * A profile that gives no credentials says why, in the profile provider's words: the chain's message as SDK
     * 2.40.2 writes it for an IAM Identity Center profile without a token (other providers' reasons come first).
     */
    @Test
    void aProfileThatGivesNoCredentialsSaysWhyAndHowToSignIn() {
        String chain = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), ProfileCredentialsProvider(profileName="
                + "audit, profileFile=ProfileFile(sections=[profiles], profiles=[Profile(name=audit, properties=["
                + "sso_session])])), InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): "
                + "Unable to load credentials from system settings., ProfileCredentialsProvider(profileName=audit, "
                + "profileFile=ProfileFile(sections=[profiles], profiles=[Profile(name=audit, properties=["
                + "sso_session])])): Unable to load SSO token, InstanceProfileCredentialsProvider(): Failed to load"
                + " credentials from IMDS.]";
        assertEquals("no usable AWS credentials in profile audit (Unable to load SSO token); for an IAM Identity"
                + " Center profile: aws sso login --profile audit", Main.missingSetting(
                software.amazon.awssdk.core.exception.SdkClientException.create(chain), "audit"));
    }
}
