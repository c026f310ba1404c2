package guardrails.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import guardrails.local.LocalAws;
import guardrails.shared.findings.ShellCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What `./guardrails demo` prints, read as an operator reads it: every alert's subject fits SNS and leads with what
 * happened (no level word, no rule code), nothing done is asked of the operator again, and every command line in an
 * email splits into the same words in bash and zsh.
 */
class DemoAlertsTest {

    static final Pattern SUBJECT = Pattern.compile("\\(Subject: (.*)\\)$", Pattern.MULTILINE);

    @Test
    void everyAlertTheDemoPrintsReadsRightAndItsCommandsPaste() throws Exception {
        LocalAws shared = LocalAws.shared(); // the other system tests' emulator, running beside the demo's
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(0, Demo.run(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(shared.endpoint().toString(), System.getProperty("aws.endpointUrl"),
                "once the demo's emulator is closed, the SDK points at the shared one again");
        String demo = printed.toString(StandardCharsets.UTF_8);

        Matcher subjects = SUBJECT.matcher(demo);
        int alerts = 0;
        while (subjects.find()) {
            String subject = subjects.group(1);
            alerts++;
            assertTrue(subject.length() <= PasteableAlertsTest.SUBJECT_LIMIT, subject);
            assertFalse(subject.matches(".* is (WARNING|CRITICAL|INFO)\\b.*"), "an outcome, not a level: " + subject);
            assertFalse(subject.matches(".*\\b[A-Z]+_[A-Z_]+\\b.*"), "no rule code: " + subject);
        }
        assertTrue(alerts >= 10, "the demo printed its alerts: " + alerts);

        List<String> commands = demo.lines().filter(line -> line.startsWith("   |     aws "))
                .map(line -> line.substring("   |     ".length())).toList();
        assertTrue(commands.size() >= 8, "the alerts carry commands: " + commands);
        for (String command : commands) {
            List<String> words = PasteableAlertsTest.words("bash", command);
            assertEquals(words, PasteableAlertsTest.words("zsh", command), command);
            assertEquals(command, ShellCommand.of(words), "printed whole, on one line: " + command);
        }
        // What REMEDIATE did is never asked again: "(REMEDIATE mode does it)" only where nothing was done.
        for (String alert : demo.split("   \\+-+\n")) {
            if (alert.contains("What was done:\n   |   Terminated") || alert.contains("What was done:\n   |   Revoked")
                    || alert.contains("What was done:\n   |   Turned on")) {
                assertFalse(alert.contains("REMEDIATE mode does"), alert);
            }
        }
    }
}
