package guardrails.bench;

import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sweeps' AWS calls for a small and a large account, counted at the wire by the stand-in: a first sweep (the
 * memory is empty) and the next one (nothing changed). Calls must grow with result pages, not with resources. Each
 * guardrail's field kit names its accounts; G1's per-event economy (25 WorkSpaces in one event) is held by
 * WorkspaceCreationEndToEndTest.
 */
final class ApiEconomy {

    private ApiEconomy() {
    }

    static void run(LocalAws aws, PrintStream out) {
        out.println("| function | account | first sweep: calls | next sweep: calls |");
        out.println("|---|---|---|---|");
        for (FieldKit kit : FieldKit.all()) {
            for (FieldKit.SweepAccount account : kit.accounts()) {
                sweep(aws, out, kit.function(), account);
            }
        }
    }

    private static void sweep(LocalAws aws, PrintStream out, String function, FieldKit.SweepAccount account) {
        aws.reset();
        LocalAws.Deployment deployment = aws.deploy("ALERT");
        FieldScenario scenario = FieldScenario.seed(aws, "Two-Way");
        scenario.trustStateBecomes("Verified");
        account.arrange().accept(scenario);
        LocalInvoker handler = new LocalInvoker(Template.load().function(function), deployment.environment());
        String first = countedSweep(aws, handler);
        String next = countedSweep(aws, handler);
        out.printf("| %s | %s | %s | %s |%n", function, account.description(), first, next);
    }

    private static String countedSweep(LocalAws aws, LocalInvoker handler) {
        aws.standIn().resetCalls();
        try {
            handler.run(CloudTrailEvents.schedule());
        } catch (Exception e) {
            throw new IllegalStateException("sweep failed", e);
        }
        Map<String, Long> calls = aws.standIn().calls().stream().collect(Collectors.groupingBy(
                c -> c.substring(c.lastIndexOf('.') + 1).replace("/Users/", ""), TreeMap::new, Collectors.counting()));
        return calls.values().stream().mapToLong(Long::longValue).sum() + ": " + calls.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
