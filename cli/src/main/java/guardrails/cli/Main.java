package guardrails.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code ./guardrails invoke <LogicalId> <event.json>} and {@code ./guardrails demo}. No static loggers here:
 * logging is configured below, before any class that logs is loaded.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // The functions' log lines go to standard error here, so standard output carries only results.
        System.setProperty("guardrails.logTarget", "SYSTEM_ERR");
        String command = args.length == 0 ? "help" : args[0];
        int status;
        try {
            status = switch (command) {
                case "invoke" -> args.length == 3 ? invoke(args[1], Path.of(args[2])) : usage();
                case "replay" -> args.length == 3 ? replay(args[1], args[2]) : usage();
                case "emulator" -> args.length <= 2 && (args.length == 1 || args[1].equals("--seed"))
                        ? Emulator.run(args.length == 2, System.out) : usage();
                case "demo" -> Demo.run(System.out);
                case "audit" -> args.length == 1 ? audit(java.nio.file.Path.of("build", "audit"))
                        : args.length == 3 && args[1].equals("--out") ? audit(java.nio.file.Path.of(args[2])) : usage();
                default -> usage();
            };
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            // No credentials or no Region: one line that says what to set, not a stack trace.
            System.err.println(command + ": " + missingSetting(e));
            status = 2;
        } catch (Exception e) {
            System.err.println(command + " failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** What to set when the SDK found no Region or no credentials; the SDK's own first sentence otherwise. */
    static String missingSetting(software.amazon.awssdk.core.exception.SdkClientException e) {
        return missingSetting(e, System.getenv("AWS_PROFILE"));
    }

    static String missingSetting(software.amazon.awssdk.core.exception.SdkClientException e, String profile) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load region")) {
            return "no AWS Region: set AWS_REGION (or AWS_DEFAULT_REGION), e.g. export AWS_REGION=eu-west-1";
        }
        if (message.contains("Unable to load credentials")) {
            if (profile != null && !profile.isBlank()) {
                // The profile provider's own reason (an expired SSO token, a missing profile), from the chain's list
                // of each provider's failure (after " : ["), not a generic line.
                var reason = java.util.regex.Pattern
                        .compile("(?<![A-Za-z])ProfileCredentialsProvider\\(.*?\\): ([^,\\]]+)").matcher(message);
                boolean found = reason.find(Math.max(0, message.indexOf(" : [")));
                return "no usable AWS credentials in profile " + profile + (found ? " (" + reason.group(1)
                        .strip() + ")" : "") + "; for an IAM Identity Center profile: aws sso login --profile "
                        + profile;
            }
            return "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (for the local"
                    + " emulator: the exports ./guardrails emulator prints)";
        }
        return message.split("\\. ")[0];
    }

    /**
     * Exits 0 when the invocation completed (findings or not), 1 when it failed as Lambda would retry it, 2 on a
     * configuration error (an unknown function, an unreadable event file, missing environment).
     */
    static int invoke(String logicalId, Path eventFile) throws Exception {
        return invoke(logicalId, eventFile, System.getenv(), System.out, System.err);
    }

    /** {@link #invoke(String, Path)} with this environment, result to {@code out}, the rest to {@code err}. */
    static int invoke(String logicalId, Path eventFile, Map<String, String> environment, PrintStream out,
                      PrintStream err) throws Exception {
        if (!Files.isReadable(eventFile)) {
            err.println("cannot read " + eventFile);
            return 2;
        }
        var template = guardrails.local.Template.load();
        if (!template.functionIds().contains(logicalId)) {
            err.println("template.yaml has no function " + logicalId);
            err.println(usageText());
            return 2;
        }
        var function = template.function(logicalId);
        guardrails.local.LocalInvoker invoker;
        try {
            invoker = new guardrails.local.LocalInvoker(function, environment);
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            err.println("Set them as the deployed stack's outputs give them (ALERT_TOPIC_ARN, FINDINGS_TABLE),"
                    + " with AWS_REGION, and AWS_ENDPOINT_URL for an emulator.");
            return 2;
        }
        String event = seededIdsIn(Files.readString(eventFile), environment, err);
        try {
            out.println(invoker.invoke(event, err));
            return 0;
        } catch (Exception e) {
            err.println("invocation failed (Lambda would retry it): " + e);
            return 1;
        }
    }

    /**
     * The event with the ids the seeded emulator gave in place of the samples' illustrative ones, when invoke is
     * pointed at an emulator (AWS_ENDPOINT_URL) and given the map `emulator --seed` wrote for that same emulator
     * (GUARDRAILS_SEEDED_IDS). Never against AWS: there an event is handled as written.
     */
    static String seededIdsIn(String event, Map<String, String> environment, PrintStream err) {
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        String mapFile = environment.get(guardrails.local.SeededIds.VARIABLE);
        if (endpoint == null || endpoint.isBlank() || mapFile == null || mapFile.isBlank()) {
            return event;
        }
        Path file = Path.of(mapFile);
        if (!Files.isReadable(file)) {
            err.println("seeded ids: cannot read " + file + " (" + guardrails.local.SeededIds.VARIABLE
                    + "); the event is used as written");
            return event;
        }
        var seeded = guardrails.local.SeededIds.read(file);
        if (!seeded.endpoint().equals(endpoint)) {
            // A map from an earlier emulator: its ids mean nothing to this one.
            err.println("seeded ids: " + file + " is for the emulator at " + seeded.endpoint() + ", not "
                    + endpoint + "; the event is used as written");
            return event;
        }
        var rewritten = seeded.rewrite(event);
        if (!rewritten.replaced().isEmpty()) {
            err.println("seeded ids: replaced " + String.join(", ", rewritten.replaced()));
        }
        return rewritten.event();
    }

    /**
     * Exits 0 when every guardrail's sweep ran (findings or not), 1 when one could not (the report says which and
     * why), 2 when the environment names no Region.
     */
    static int audit(Path folder) throws java.io.IOException {
        guardrails.cli.audit.AuditReport report;
        try {
            // Each guardrail's "finding reported" log line repeats what the report says: warnings and errors only.
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
            report = guardrails.cli.audit.Audit.run(System.getenv(), System.err, java.time.Clock.systemUTC());
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path html = guardrails.cli.audit.Audit.write(report, folder); // Audit.run has printed the summary
        System.out.println("Report: " + html.toAbsolutePath() + " (with .md and .json beside it)");
        return report.complete() ? 0 : 1;
    }

    /**
     * Exits 0 when every message was replayed, 1 when some were kept (they stay in the queue). The deployed function
     * handles each (its name or ARN, e.g. the stack's DirectoryTrustFunctionName output), with its own role.
     */
    static int replay(String function, String queueUrl) {
        var outcome = Replay.run(software.amazon.awssdk.services.lambda.LambdaClient.create(), function,
                software.amazon.awssdk.services.sqs.SqsClient.create(), queueUrl, System.out);
        System.out.println(outcome.replayed() + " replayed, " + (outcome.failed() + outcome.skipped())
                + " kept in the queue");
        return outcome.failed() + outcome.skipped() == 0 ? 0 : 1;
    }

    /**
     * The usage, from the one text there is: the header of the {@code guardrails} script in the project's root.
     * Exit 2: a command was misused.
     */
    private static int usage() {
        System.err.println(usageText());
        return 2;
    }

    static String usageText() {
        try {
            Path script = guardrails.local.CloudTrailEvents.eventsDir().getParent().resolve("guardrails");
            return "usage:\n" + Files.readAllLines(script).stream()
                    .skip(1).takeWhile(line -> line.startsWith("#"))
                    .filter(line -> line.startsWith("#   "))
                    .map(line -> line.substring(1)).reduce((a, b) -> a + "\n" + b).orElse("")
                    + "\nfunctions: " + Arrays.toString(guardrails.local.Template.load().functionIds().toArray());
        } catch (java.io.IOException e) {
            return "usage: see the header of the guardrails script in the project's root";
        }
    }
}
