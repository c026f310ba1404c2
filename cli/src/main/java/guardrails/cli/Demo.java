package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.shared.config.Guardrails;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;

/**
 * The field scenario, end to end on the local emulator: a one-way trust is created (G2 reacts), an admin creates
 * a WorkSpace for a trusted-domain user on a Linux bundle (G1 reacts, in REMEDIATE mode), the hourly sweep runs,
 * the trust is fixed, a rollout fills a /27 subnet (G3), and the closed network's Defender definitions are found
 * years old (G4). Shows what an operator would see: the alerts as SNS delivered them, and the WorkSpace
 * as the emulator now shows it.
 */
final class Demo {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private Demo() {
    }

    static int run(PrintStream out) throws Exception {
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

            Template template = Template.load();
            Template.Function function = template.function("WorkspaceCreationGuardFunction");
            LocalInvoker handler = new LocalInvoker(function, deployment.environment());
            LocalInvoker trustHandler = new LocalInvoker(template.function("TrustGuardFunction"),
                    deployment.environment());
            LocalInvoker subnetHandler = new LocalInvoker(template.function("SubnetCapacityGuardFunction"),
                    deployment.environment());
            var defenderEnvironment = new java.util.HashMap<>(deployment.environment());
            defenderEnvironment.put("DEFENDER_UPDATE_SOURCE", "FileShares");
            defenderEnvironment.put("DEFENDER_FILE_SHARE_PATH", "\\\\fs01.managed.example.net\\defender");
            LocalInvoker defenderHandler = new LocalInvoker(template.function("DefenderSignatureGuardFunction"),
                    defenderEnvironment);
            WorkSpacesClient workspaces = aws.client(WorkSpacesClient.builder());

            out.println();
            out.println("-- 1. CreateTrust: the one-way trust reaches TrustGuardFunction (G2)");
            summarize(out, trustHandler.invoke(CloudTrailEvents.trustCall("aws.ds-CreateTrust.json",
                    scenario.directoryId, scenario.trustId), QUIET));
            showAlerts(out, deployment.inbox().drain());

            out.println();
            out.println("-- 2. CreateWorkspaces: " + FieldScenario.TRUSTED_USER + " on 'Value with Amazon Linux 2' ("
                    + FieldScenario.LINUX_BUNDLE + ")");
            CreateWorkspacesResponse created = scenario.createWorkspace(FieldScenario.TRUSTED_USER,
                    FieldScenario.LINUX_BUNDLE);
            String workspaceId = created.pendingRequests().get(0).workspaceId();
            String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                    scenario.directoryId, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE, created);
            out.println("   " + workspaceId + " created; EventBridge delivers the CloudTrail record to "
                    + function.logicalId() + " (mode REMEDIATE).");
            summarize(out, handler.invoke(event, QUIET));
            showAlerts(out, deployment.inbox().drain());
            boolean gone = workspaces.describeWorkspaces(r -> r.workspaceIds(workspaceId)).workspaces().isEmpty();
            out.println("   The emulator now shows " + workspaceId + ": "
                    + (gone ? "terminated (DescribeWorkspaces no longer lists it)." : "STILL THERE"));

            out.println();
            out.println("-- 3. EventBridge delivers the same event again (at-least-once delivery)");
            summarize(out, handler.invoke(event, QUIET));
            List<AlertInbox.Alert> repeats = deployment.inbox().drain();
            out.println("   Alerts delivered this time: " + repeats.size() + (repeats.isEmpty()
                    ? " (each finding is published once per event and resource)." : " (UNEXPECTED)"));

            out.println();
            String qualifiedUser = "ONPREM\\" + FieldScenario.TRUSTED_USER;
            out.println("-- 4. CreateWorkspaces: the same user, named " + qualifiedUser
                    + ", on 'Standard with Windows 10' (" + FieldScenario.WINDOWS_BUNDLE + ")");
            CreateWorkspacesResponse windows = scenario.createWorkspace(qualifiedUser, FieldScenario.WINDOWS_BUNDLE);
            String windowsEvent = CloudTrailEvents.createWorkspaces(
                    "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", scenario.directoryId,
                    qualifiedUser, FieldScenario.WINDOWS_BUNDLE, windows);
            summarize(out, handler.invoke(windowsEvent, QUIET));
            showAlerts(out, deployment.inbox().drain());
            String windowsId = windows.pendingRequests().get(0).workspaceId();
            boolean kept = !workspaces.describeWorkspaces(r -> r.workspaceIds(windowsId)).workspaces().isEmpty();
            out.println("   " + windowsId + " is " + (kept ? "kept: Windows works for trusted-domain users; only the"
                    + " trust needs fixing." : "GONE (unexpected)"));

            out.println();
            out.println("-- 5. The hourly trust sweep (G2)");
            String sweep = CloudTrailEvents.schedule();
            summarize(out, trustHandler.invoke(sweep, QUIET));
            out.println("   Alerts delivered: " + deployment.inbox().drain().size()
                    + " (the one-way trust was reported already; it is reported again only when it changes).");

            out.println();
            out.println("-- 6. The operator applies the fix: delete the trust on both sides, create it Two-Way;"
                    + " it reaches Verified");
            scenario.recreateTrust("Two-Way");
            scenario.trustStateBecomes("Verified");
            summarize(out, trustHandler.invoke(CloudTrailEvents.schedule(),
                    QUIET));
            showAlerts(out, deployment.inbox().drain());

            String subnet = scenario.subnetIds.get(0);
            out.println();
            out.println("-- 7. A rollout fills " + subnet + " (a /27: 27 usable addresses); the 15-minute subnet sweep"
                    + " (G3) runs as it fills");
            for (int free : new int[] {20, 7, 2}) {
                scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - free);
                out.println("   " + free + " addresses left:");
                summarize(out, subnetHandler.invoke(CloudTrailEvents.fresh("aws.events-ScheduledEvent.json")
                        .toString(), QUIET));
                showAlerts(out, deployment.inbox().drain());
            }

            out.println();
            out.println("-- 8. The closed network: the Windows WorkSpace's Defender definitions never update (G4, hourly)");
            DefenderFleet fleet = DefenderFleet.serve(aws);
            fleet.reportFor(windowsId, 400, 2);
            out.println("   " + windowsId + " reports definitions 400 days old; updates come from a file share in"
                    + " this network (DEFENDER_UPDATE_SOURCE=FileShares).");
            summarize(out, defenderHandler.invoke(CloudTrailEvents.schedule(),
                    QUIET));
            showAlerts(out, deployment.inbox().drain());
            aws.client(software.amazon.awssdk.services.ssm.SsmClient.builder()).listCommands(r -> { }).commands()
                    .forEach(c -> out.println("   Run Command " + c.commandId() + " on " + c.instanceIds() + ": "
                            + c.documentName() + " " + c.parameters()));
        }
        out.println();
        out.println("Emulator stopped; nothing was left running.");
        return 0;
    }

    private static void summarize(PrintStream out, String result) {
        JsonNode summary = CloudTrailEvents.parse(result);
        out.println("   Handler result: " + summary.path("status").asText() + ", "
                + summary.path("findings").size() + " finding(s) reported, "
                + summary.path("alreadyReported").size() + " already reported earlier.");
    }

    private static void showAlerts(PrintStream out, List<AlertInbox.Alert> alerts) {
        out.println("   Alerts delivered through SNS: " + alerts.size());
        for (AlertInbox.Alert alert : alerts) {
            JsonNode content = alert.body().path("content");
            out.println();
            out.println("   +- Subject:  " + alert.subject());
            out.println("   |  Attributes: severity=" + alert.severity() + ", guardrail="
                    + alert.attributes().path("guardrail").path("Value").asText());
            for (String line : content.path("description").asText().split("\n")) {
                wrap(out, "   |  ", line);
            }
            content.path("nextSteps").forEach(step -> wrap(out, "   |  ", "*Next:* " + step.asText()));
            out.println("   +-");
        }
    }

    private static void wrap(PrintStream out, String prefix, String text) {
        int width = 110;
        String rest = text;
        String indent = "";
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            cut = cut <= 0 ? width : cut;
            out.println(prefix + indent + rest.substring(0, cut));
            rest = rest.substring(cut).trim();
            indent = "    ";
        }
        out.println(prefix + indent + rest);
    }
}
