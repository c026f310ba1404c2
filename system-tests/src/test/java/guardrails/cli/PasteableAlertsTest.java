package guardrails.cli;

import guardrails.local.FieldKit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import guardrails.local.AlertInbox;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.shared.findings.ShellCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator reads and pastes: every field case's alerts, in ALERT and REMEDIATE mode, have a subject SNS takes
 * that leads with the outcome, say nothing is left to run only once it was done, and carry commands that bash and zsh
 * both split into the same words, starting with the AWS CLI.
 */
class PasteableAlertsTest {

    static final LocalAws AWS = LocalAws.shared();
    /** PublishInput.Subject: "less than 100 characters" (sns/2010-03-31 service model). */
    static final int SUBJECT_LIMIT = 99;

    static Stream<Arguments> cases() {
        return FieldKit.all().stream().flatMap(c -> Stream.of(Arguments.of(c, "ALERT"), Arguments.of(c,
                "REMEDIATE")));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void everyAlertLeadsWithTheOutcomeAndItsCommandsPasteInBashAndZsh(FieldKit c, String mode)
            throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy(mode);
        String event = c.arrange(FieldScenario.seed(AWS));
        new LocalInvoker(Template.load().function(c.function()), deployment.environment()).run(event);

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertFalse(alerts.isEmpty(), "the case alerts");
        assertTrue(mode.equals("REMEDIATE") || alerts.stream().anyMatch(alert -> !commands(alert).isEmpty()),
                "in ALERT mode the operator gets the commands");
        Path kept = Files.createDirectories(Path.of("target", "alerts"));
        for (AlertInbox.Alert alert : alerts) {
            // Kept for tools/chat-preview.py, which draws the README's picture of an alert in chat.
            Files.writeString(kept.resolve(c.function() + "-" + mode + "-" + alert.rule() + ".json"),
                    alert.body().toPrettyString());
            String subject = alert.subject();
            assertTrue(subject.length() <= SUBJECT_LIMIT, subject);
            assertFalse(subject.contains(alert.rule()), "no rule code in the subject: " + subject);
            assertFalse(subject.matches(".* is (WARNING|CRITICAL|INFO)\\b.*"), "an outcome, not a level: " + subject);
            String done = alert.field("actionTaken");
            String toDo = alert.field("operatorAction");
            if (mode.equals("REMEDIATE") && !done.startsWith("None")) {
                assertFalse(toDo.contains("REMEDIATE mode does"), "not asked to do what was done: " + toDo);
                assertTrue(subject.matches("\\[[A-Z]+\\] (Fixed:|Fix started:|Terminated |Turned on |Revoked |Replaced ).*"),
                        "the outcome first: " + subject);
            }
            for (String command : commands(alert)) {
                List<String> bash = words("bash", command);
                assertEquals(bash, words("zsh", command), "bash and zsh read " + command + " alike");
                assertEquals("aws", bash.get(0), command);
                assertEquals(command, ShellCommand.of(bash), "the words quote back to the same line");
                assertTrue(alert.email().contains("\n    " + command + "\n"), "on its own line in the email: "
                        + command);
            }
        }
    }

    @Test
    void trickyWordsReachTheProgramWholeInBothShells() throws Exception {
        List<String> words = List.of("aws", "ec2", "authorize-security-group-ingress", "--ip-permissions",
                "IpProtocol=tcp,FromPort=53,ToPort=53,IpRanges=[{CidrIp=10.0.0.0/16},{CidrIp=192.168.0.0/24}]",
                "{\"portNumber\":[\"3389\"]}", "<the trust password>", "it's", "=x", "~root", "a$b c", "*", "?");
        String line = ShellCommand.of(words);
        assertEquals(words, words("bash", line));
        assertEquals(words, words("zsh", line));
    }

    static List<String> commands(AlertInbox.Alert alert) {
        String joined = alert.field("commands");
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    /** The words a shell passes to the program for this line (set -- and print them NUL-separated). */
    static List<String> words(String shell, String line) throws IOException, InterruptedException {
        Path sh = Path.of("/usr/bin", shell);
        assertTrue(Files.isExecutable(sh) || Files.isExecutable(Path.of("/bin", shell)),
                shell + " is missing: apt-get install -y " + shell + " (./guardrails test installs it)");
        Process process = new ProcessBuilder(shell, "-c", "set -- " + line + "; printf '%s\\0' \"$@\"")
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), shell + " refused " + line + ": " + err);
        List<String> words = new ArrayList<>(Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\0")));
        return words;
    }

}
