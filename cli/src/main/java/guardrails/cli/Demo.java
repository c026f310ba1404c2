package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.cli.audit.Audit;
import guardrails.cli.audit.AuditReport;
import java.io.OutputStream;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field scenario, end to end on the local emulator, every function in REMEDIATE mode: each guardrail tells its
 * chapter in turn (its module's {@link FieldKit#tell}, e.g. G1 terminates a trusted-domain user's Linux WorkSpace,
 * G2 finds the one-way trust until it is fixed, G3 watches a /27 fill), on the one account the chapters before it
 * left; then the read-only audit reports what is still wrong. Shows what an operator would see: what each step
 * measured and concluded, each alert as email subscribers read it (once: an alert already shown is only named
 * again), and the resources as the emulator then shows them.
 */
final class Demo {

    /** Where the demo's audit report goes: the build folder, which git ignores. */
    static final Path REPORT_FOLDER = Path.of("build", "audit");

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final PrintStream out;
    /** Subjects of the alerts printed in full so far. */
    private final Set<String> shown = new HashSet<>();

    private Demo(PrintStream out) {
        this.out = out;
    }

    static int run(PrintStream out) throws Exception {
        return new Demo(out).play();
    }

    private int play() throws Exception {
        System.setProperty("guardrails.logLevel", "WARN");
        out.println("== WorkSpaces Guardrails demo: the field scenario on a local AWS emulator ==");
        out.println("Starting moto on a free loopback port, with the project's stand-in in front of it...");
        try (LocalAws aws = LocalAws.start()) {
            LocalAws.Deployment deployment = aws.deploy("REMEDIATE");
            FieldScenario scenario = FieldScenario.seed(aws);
            out.println("Seeded: AWS Managed Microsoft AD " + FieldScenario.MANAGED_DOMAIN + " (" + scenario.directoryId
                    + "), registered with WorkSpaces on two /27 subnets " + scenario.subnetIds + ";");
            out.println("        a One-Way: Outgoing forest trust (" + scenario.trustId + ") to the self-managed "
                    + FieldScenario.TRUSTED_DOMAIN + ", whose user " + FieldScenario.TRUSTED_USER
                    + " is about to get a WorkSpace.");
            out.println("Every guardrail runs in REMEDIATE mode. Alerts are printed as email subscribers read them.");

            Story story = new Story(scenario, deployment);
            for (FieldKit kit : FieldKit.all()) {
                kit.tell(story);
            }

            story.step("What is still wrong in the account: ./guardrails audit (read-only: every guardrail's sweep,"
                    + " nothing changed)");
            AuditReport report = Audit.run(deployment.environment(), new PrintStream(new IndentedOutput(out), true),
                    java.time.Clock.systemUTC());
            Path written = Audit.write(report, REPORT_FOLDER);
            out.println("   Report: " + written.toAbsolutePath() + " (with .md and .json beside it)");
        }
        out.println();
        out.println("Emulator stopped; nothing was left running.");
        return 0;
    }

    /** How the guardrails' chapters are told: numbered steps, each function in REMEDIATE mode, alerts printed once. */
    private final class Story implements DemoStory {
        private final FieldScenario scenario;
        private final LocalAws.Deployment deployment;
        private final Template template = Template.load();
        private final Map<String, LocalInvoker> containers = new HashMap<>();
        private int steps;

        Story(FieldScenario scenario, LocalAws.Deployment deployment) {
            this.scenario = scenario;
            this.deployment = deployment;
        }

        @Override
        public FieldScenario scenario() {
            return scenario;
        }

        @Override
        public void step(String title) {
            out.println();
            out.println("-- " + ++steps + ". " + title);
        }

        @Override
        public void say(String text) {
            wrap(out, "   ", text);
        }

        /** One container per function and environment, kept warm between its invocations, as Lambda would. */
        @Override
        public String invoke(String logicalId, String event, Map<String, String> environment) {
            LocalInvoker function = containers.computeIfAbsent(logicalId + environment, k ->
                    new LocalInvoker(template.function(logicalId), deployment.environmentWith(environment)));
            try {
                return function.invoke(event, QUIET);
            } catch (Exception e) {
                throw new IllegalStateException(logicalId + " failed in the demo", e);
            }
        }

        @Override
        public void outcome(String result, String quiet) {
            Demo.outcome(out, result, quiet);
        }

        @Override
        public int alerts() {
            List<AlertInbox.Alert> alerts = deployment.inbox().drain();
            showAlerts(alerts);
            return alerts.size();
        }
    }

    /** The audit's progress lines, indented under the demo's step. */
    private static final class IndentedOutput extends OutputStream {
        private final PrintStream out;
        private boolean lineStart = true;

        IndentedOutput(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            if (lineStart) {
                out.print("   ");
            }
            out.write(b);
            lineStart = b == '\n';
        }
    }

    /** What the guardrail concluded, in a line per finding, or {@code quiet} when it reported nothing new. */
    private static void outcome(PrintStream out, String result, String quiet) {
        JsonNode summary = CloudTrailEvents.parse(result);
        JsonNode findings = summary.path("findings");
        if (findings.isEmpty()) {
            out.println("   -> " + quiet);
        }
        for (JsonNode finding : findings) {
            wrap(out, "   -> ", finding.path("severity").asText() + " " + finding.path("rule").asText() + " on "
                    + finding.path("resourceId").asText() + ". Done: " + finding.path("actionTaken").asText());
        }
        if (!summary.path("alreadyReported").isEmpty()) {
            out.println("   -> and " + summary.path("alreadyReported").size() + " finding(s) reported earlier,"
                    + " not alerted again");
        }
    }

    /**
     * Each alert as an email subscriber reads it; one whose subject was shown already (the same problem raised by
     * another event) is named with a note instead of printed in full again.
     */
    private void showAlerts(List<AlertInbox.Alert> alerts) {
        for (AlertInbox.Alert alert : alerts) {
            out.println();
            if (!shown.add(alert.subject())) {
                out.println("   Alert (email): " + alert.subject());
                out.println("   (the same alert as above, raised again by this event: not printed again)");
                continue;
            }
            out.println("   Alert as email subscribers read it (Subject: " + alert.subject() + ")");
            out.println("   +------------------------------------------------------------------------------------");
            for (String line : alert.email().split("\n")) {
                if (line.startsWith("    aws ")) {
                    out.println("   | " + line); // a command stays one line, to be pasted whole
                } else {
                    wrap(out, "   | ", line);
                }
            }
            out.println("   +------------------------------------------------------------------------------------");
        }
    }

    /** Wraps at spaces, continuing indented; a word longer than the width (a console link) stays whole. */
    private static void wrap(PrintStream out, String prefix, String text) {
        int width = 110;
        String indent = text.startsWith("  ") ? "    " : "  ";
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= indent.length()) {
                cut = rest.indexOf(' ', width);
                if (cut < 0) {
                    break;
                }
            }
            out.println(prefix + rest.substring(0, cut));
            prefix = prefix.replace("->", "  "); // an outcome's arrow marks its first line only
            rest = indent + rest.substring(cut).trim();
        }
        out.println(prefix + rest);
    }
}
