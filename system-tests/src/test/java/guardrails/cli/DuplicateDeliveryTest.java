package guardrails.cli;

import guardrails.local.FieldKit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import guardrails.local.AlertInbox;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * The same event three times in a row, then twice at once in two containers (threads, real emulator), as
 * EventBridge and Lambda may deliver it: one alert per finding, one remediation.
 */
class DuplicateDeliveryTest {

    static final LocalAws AWS = LocalAws.shared();

    static List<FieldKit> cases() {
        return FieldKit.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAlertPerFindingAndOneRemediationWhateverTheDeliveries(FieldKit c) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        FieldScenario scenario = FieldScenario.seed(AWS);
        String event = c.arrange(scenario);
        Template.Function function = Template.load().function(c.function());
        LocalInvoker first = new LocalInvoker(function, deployment.environment());
        LocalInvoker second = new LocalInvoker(function, deployment.environment());

        PrintStream stdout = System.out;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Object>> together = List.of(() -> first.run(event), () -> second.run(event));
            List<Exception> retried = new ArrayList<>();
            for (Future<Object> result : pool.invokeAll(together)) {
                try {
                    result.get();
                } catch (java.util.concurrent.ExecutionException heldElsewhere) {
                    // Another container held the claim, or wrote the resource's lifecycle record first.
                    assertTrue(Set.of(guardrails.shared.lifecycle.Claims.ClaimHeldElsewhere.class,
                            guardrails.shared.lifecycle.LifecycleStore.Conflict.class).contains(
                            heldElsewhere.getCause().getClass()), "only a claim held elsewhere is retried: "
                            + heldElsewhere.getCause());
                    retried.add(heldElsewhere); // the other container held the claim: Lambda retries this one
                }
            }
            for (int i = 0; i < retried.size(); i++) {
                first.run(event);
            }
            for (int i = 0; i < 3; i++) {
                first.run(event);
            }
        } finally {
            pool.shutdown();
            System.setOut(stdout); // the two invocations swapped System.out concurrently
        }

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(c.expectedRules().stream().sorted().toList(),
                alerts.stream().map(AlertInbox.Alert::rule).sorted().toList());
        if (c.function().startsWith("WorkspaceCreation")) {
            assertEquals(0, AWS.client(WorkSpacesClient.builder()).describeWorkspaces(r -> r.directoryId(
                    scenario.directoryId)).workspaces().size(), "terminated");
            assertEquals(1, AWS.standIn().calls().stream().filter("WorkspacesService.TerminateWorkspaces"::equals)
                    .count(), "terminated once");
        }
        if (c.function().startsWith("Defender")) {
            assertEquals(1, AWS.client(SsmClient.builder()).listCommands(r -> { }).commands().size(), "updated once");
        }
    }
}
