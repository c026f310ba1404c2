package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.cli.audit.Audit;
import guardrails.cli.audit.AuditReport;
import java.io.OutputStream;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.CreateWorkspacesResponse;

/**
 * The field scenario, end to end on the local emulator: a one-way trust is created (G2 reacts), an admin creates
 * a WorkSpace for a trusted-domain user on a Linux bundle (G1 reacts, in REMEDIATE mode), the hourly sweep runs,
 * the trust is fixed, a rollout fills a /27 subnet (G3), and the closed network's Defender definitions are found
 * years old (G4), RDP session hosts sit behind a load balancer without stickiness (G6), and the directory's
 * controllers are open to the world while an admin opens RDP to it (G5); then the read-only audit reports what is
 * still wrong. Shows what an operator would see: what each
 * step measured and concluded, each alert as email subscribers read it (once: an alert already shown is only named
 * again), and the WorkSpaces as the emulator then shows them.
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

            Template template = Template.load();
            Template.Function function = template.function("WorkspaceCreationFunction");
            LocalInvoker handler = new LocalInvoker(function, deployment.environment());
            LocalInvoker trustHandler = new LocalInvoker(template.function("DirectoryTrustFunction"),
                    deployment.environment());
            LocalInvoker subnetHandler = new LocalInvoker(template.function("SubnetCapacityFunction"),
                    deployment.environment());
            var defenderEnvironment = new java.util.HashMap<>(deployment.environment());
            defenderEnvironment.put("DEFENDER_UPDATE_SOURCE", "FileShares");
            defenderEnvironment.put("DEFENDER_FILE_SHARE_PATH", "\\\\fs01.managed.example.net\\defender");
            LocalInvoker defenderHandler = new LocalInvoker(template.function("DefenderDefinitionsFunction"),
                    defenderEnvironment);
            WorkSpacesClient workspaces = aws.client(WorkSpacesClient.builder());

            out.println();
            out.println("-- 1. CreateTrust: the one-way trust reaches DirectoryTrustFunction (G2)");
            outcome(out, trustHandler.invoke(CloudTrailEvents.trustCall("aws.ds-CreateTrust.json",
                    scenario.directoryId, scenario.trustId), QUIET), "no finding (UNEXPECTED: the trust is one-way)");
            showAlerts(deployment.inbox().drain());

            out.println();
            out.println("-- 2. CreateWorkspaces: " + FieldScenario.TRUSTED_USER + " on 'Value with Amazon Linux 2' ("
                    + FieldScenario.LINUX_BUNDLE + ")");
            CreateWorkspacesResponse created = scenario.createWorkspace(FieldScenario.TRUSTED_USER,
                    FieldScenario.LINUX_BUNDLE);
            String workspaceId = created.pendingRequests().get(0).workspaceId();
            String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-trusted-user-linux.json",
                    scenario.directoryId, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE, created);
            out.println("   " + workspaceId + " created; EventBridge delivers the CloudTrail record to "
                    + function.logicalId() + " (G1).");
            outcome(out, handler.invoke(event, QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());
            boolean gone = workspaces.describeWorkspaces(r -> r.workspaceIds(workspaceId)).workspaces().isEmpty();
            out.println("   The emulator now shows " + workspaceId + ": "
                    + (gone ? "terminated (DescribeWorkspaces no longer lists it)." : "STILL THERE (UNEXPECTED)"));

            out.println();
            out.println("-- 3. EventBridge delivers the same event again (delivery is at least once)");
            outcome(out, handler.invoke(event, QUIET), "nothing new");
            List<AlertInbox.Alert> repeats = deployment.inbox().drain();
            out.println("   Alerts this time: " + repeats.size() + (repeats.isEmpty()
                    ? " (each finding is published once per event and resource)." : " (UNEXPECTED)"));

            out.println();
            String qualifiedUser = "ONPREM\\" + FieldScenario.TRUSTED_USER;
            out.println("-- 4. CreateWorkspaces: the same user, named " + qualifiedUser
                    + ", on 'Standard with Windows 10' (" + FieldScenario.WINDOWS_BUNDLE + ")");
            CreateWorkspacesResponse windows = scenario.createWorkspace(qualifiedUser, FieldScenario.WINDOWS_BUNDLE);
            String windowsEvent = CloudTrailEvents.createWorkspaces(
                    "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", scenario.directoryId,
                    qualifiedUser, FieldScenario.WINDOWS_BUNDLE, windows);
            outcome(out, handler.invoke(windowsEvent, QUIET), "no finding");
            showAlerts(deployment.inbox().drain());
            String windowsId = windows.pendingRequests().get(0).workspaceId();
            boolean kept = !workspaces.describeWorkspaces(r -> r.workspaceIds(windowsId)).workspaces().isEmpty();
            out.println("   " + windowsId + " is " + (kept ? "kept: Windows works for trusted-domain users; only the"
                    + " trust needs fixing." : "GONE (UNEXPECTED)"));

            out.println();
            out.println("-- 5. The hourly trust sweep (G2): the trust is still one-way");
            outcome(out, trustHandler.invoke(CloudTrailEvents.schedule(), QUIET),
                    "still one-way, as already reported: no alert (a problem is alerted again only when it changes)");
            showAlerts(deployment.inbox().drain());

            out.println();
            out.println("-- 6. The operator applies the fix: delete the trust on both sides, create it Two-Way;"
                    + " it reaches Verified");
            scenario.recreateTrust("Two-Way");
            scenario.trustStateBecomes("Verified");
            outcome(out, trustHandler.invoke(CloudTrailEvents.schedule(), QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());

            String subnet = scenario.subnetIds.get(0);
            out.println();
            out.println("-- 7. A rollout fills " + subnet + " (a /27: 27 usable addresses); the 15-minute subnet sweep"
                    + " (G3) runs as it fills");
            for (int free : new int[] {20, 7, 2}) {
                scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - free);
                int measured = scenario.freeAddresses(subnet);
                out.println("   " + measured + " addresses left (" + Math.round((27 - measured) * 100.0 / 27) + "% used):");
                outcome(out, subnetHandler.invoke(CloudTrailEvents.schedule(), QUIET),
                        "OK (WARNING starts at 8 free or 75% used): no alert");
                showAlerts(deployment.inbox().drain());
            }

            out.println();
            out.println("-- 8. The closed network: the Windows WorkSpace's Defender definitions never update (G4, hourly)");
            DefenderFleet fleet = DefenderFleet.serve(aws);
            fleet.reportFor(windowsId, 400, 2);
            out.println("   " + windowsId + " reports definitions 400 days old; updates come from a file share in"
                    + " this network (DEFENDER_UPDATE_SOURCE=FileShares).");
            outcome(out, defenderHandler.invoke(CloudTrailEvents.schedule(), QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());
            aws.client(software.amazon.awssdk.services.ssm.SsmClient.builder()).listCommands(r -> { }).commands()
                    .forEach(c -> out.println("   Run Command " + c.commandId() + " on " + c.instanceIds() + ": "
                            + c.documentName() + " " + c.parameters()));

            out.println();
            out.println("-- 9. Session hosts behind a Network Load Balancer: a TCP 3389 target group is created without"
                    + " stickiness (G6)");
            String group = scenario.rdpLoadBalancer("rdp-hosts", "TCP");
            out.println("   rdp-hosts: stickiness.enabled = " + scenario.stickiness(group)
                    + " (the default), two session hosts registered.");
            LocalInvoker stickinessHandler = new LocalInvoker(template.function("RdpStickinessFunction"),
                    deployment.environment());
            outcome(out, stickinessHandler.invoke(CloudTrailEvents.targetGroupCall(
                    "aws.elasticloadbalancing-CreateTargetGroup.json", group), QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());
            out.println("   The emulator now shows rdp-hosts with stickiness.enabled = " + scenario.stickiness(group)
                    + ".");

            out.println();
            out.println("-- 10. The network: Quick setup left the directory's controllers open to 0.0.0.0/0, and an"
                    + " admin opens RDP to the world (G5)");
            String controllers = scenario.controllersGroup();
            List<String> open = scenario.openControllersToTheWorld();
            String bastion = scenario.securityGroup("rdp-admin", false);
            String rdpRule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
            out.println("   " + controllers + " (" + scenario.directoryId + "_controllers): " + open.size()
                    + " directory-port rules from 0.0.0.0/0; rdp-admin " + bastion + ": tcp 3389 from 0.0.0.0/0.");
            LocalInvoker exposureHandler = new LocalInvoker(template.function("NetworkExposureFunction"),
                    deployment.environment());
            outcome(out, exposureHandler.invoke(CloudTrailEvents.securityGroupCall(
                    "aws.ec2-AuthorizeSecurityGroupIngress.json", bastion, rdpRule), QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());
            out.println("   The emulator now shows rdp-admin's inbound rules: " + scenario.inboundRules(bastion) + ".");
            out.println("   The six-hourly sweep finds what predates the stack:");
            outcome(out, exposureHandler.invoke(CloudTrailEvents.schedule(), QUIET), "no finding (UNEXPECTED)");
            showAlerts(deployment.inbox().drain());
            out.println("   The controllers keep their " + scenario.inboundRules(controllers).size() + " rules: G5"
                    + " replaces them only when ControllersAllowedCidrs lists the trusted domain's networks.");

            out.println();
            out.println("-- 11. What is still wrong in the account: ./guardrails audit (read-only: every guardrail's sweep,"
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
