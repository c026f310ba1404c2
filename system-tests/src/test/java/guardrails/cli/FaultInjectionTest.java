package guardrails.cli;

import guardrails.local.FieldKit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import guardrails.local.AlertInbox;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * AWS under load, at the wire: every 2nd or 3rd call is throttled, fails with 500/503 or (every 3rd) hangs past the
 * client's attempt timeout, while each function handles
 * its field scenario, delivered as Lambda does (a failed invocation is retried, up to 3 attempts in all) and then
 * delivered again (EventBridge's at-least-once). Every expected alert must arrive exactly once.
 */
class FaultInjectionTest {

    static final LocalAws AWS = LocalAws.shared();
    static final int LAMBDA_ATTEMPTS = 3;
    /** With every 3rd call failing, every 4th fault is a hang past the attempt timeout set for this JVM (surefire). */
    static final long HANG_MILLIS = 1_500;

    static Stream<Arguments> cases() {
        List<FieldKit> cases = FieldKit.all();
        // 2 and 3: every 2nd or 3rd call fails; 0: an outage of the next 4 calls, longer than the SDK's 3 attempts.
        return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, 2), Arguments.of(c, 3), Arguments.of(c, 0)));
    }

    @ParameterizedTest(name = "{0}, faults {1}")
    @MethodSource("cases")
    void everyAlertArrivesExactlyOnceThroughThrottlingAndServerErrors(FieldKit c, int failEvery) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        FieldScenario scenario = FieldScenario.seed(AWS);
        String event = c.arrange(scenario);
        LocalInvoker handler = new LocalInvoker(Template.load().function(c.function()), deployment.environment());

        int failedInvocations = 0;
        int faults;
        if (failEvery > 0) {
            AWS.standIn().failEvery(failEvery);
            AWS.standIn().withTimeouts(failEvery == 3 ? HANG_MILLIS : 0);
        } else {
            AWS.standIn().failNext(4);
        }
        try {
            boolean done = false;
            for (int attempt = 1; attempt <= LAMBDA_ATTEMPTS && !done; attempt++) {
                try {
                    handler.run(event);
                    done = true;
                } catch (software.amazon.awssdk.core.exception.SdkException
                         | guardrails.shared.lifecycle.Claims.ClaimHeldElsewhere
                         | guardrails.shared.lifecycle.LifecycleStore.Conflict retried) {
                    // what Lambda retries: an AWS call that failed past the SDK's retries; a bug fails the test
                    failedInvocations++;
                }
            }
            assertTrue(done, "handled within Lambda's " + LAMBDA_ATTEMPTS + " attempts");
            handler.run(event); // EventBridge delivers it again, still under faults
        } finally {
            faults = AWS.standIn().faultsInjected();
            AWS.standIn().failEvery(0);
            AWS.standIn().withTimeouts(0);
        }

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(c.expectedRules().stream().sorted().toList(),
                alerts.stream().map(AlertInbox.Alert::rule).sorted().toList(), "each alert once, none lost");
        assertTrue(faults > 0, "faults were injected");
        if (failEvery == 0) {
            assertEquals(1, failedInvocations, "the outage outlasted the SDK's retries: Lambda's retry finished it");
        }
        if (c.function().startsWith("Defender")) {
            assertEquals(1, AWS.client(SsmClient.builder()).listCommands(r -> { }).commands().size(),
                    "one update command");
        }
        System.out.println("figure: " + c.function() + (failEvery > 0 ? " with every " + failEvery + " calls failing: "
                : " through a 4-call outage: ") + faults
                + " faults injected, " + failedInvocations + " invocations retried, " + alerts.size()
                + " alerts, 0 lost, 0 duplicated");
    }
}
