package guardrails.cli.audit;

import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The field scenario on the emulator with every guardrail's problem present, audited once: what {@link AuditTest}
 * checks and {@link AuditReportInBrowserTest} shows in a browser.
 *
 * @param actions  the IAM actions the audit called, from the stand-in's journal
 * @param progress what the audit printed while it ran
 */
record FieldAudit(LocalAws aws, LocalAws.Deployment deployment, FieldScenario scenario, String linuxWorkspace,
                  String windowsWorkspace, String targetGroup, String bastion, AuditReport report,
                  List<String> actions, String progress) {

    static FieldAudit run() throws Exception {
        LocalAws aws = LocalAws.shared();
        aws.reset();
        LocalAws.Deployment deployment = aws.deploy("REMEDIATE");
        FieldScenario scenario = FieldScenario.seed(aws); // a one-way trust (G2)
        String linuxWorkspace = scenario.createWorkspace(FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE)
                .pendingRequests().get(0).workspaceId(); // made before the guardrails: no event (G1)
        String windowsWorkspace = scenario.createWorkspace("ONPREM\\" + FieldScenario.TRUSTED_USER,
                FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0).workspaceId();
        DefenderFleet.serve(aws).reportFor(windowsWorkspace, 400, 2); // definitions 400 days old (G4)
        scenario.openControllersToTheWorld(); // Quick setup's controllers (G5)
        String bastion = scenario.securityGroup("rdp-admin", false);
        scenario.openToTheWorld(bastion, "tcp", 3389, 3389); // RDP to the world (G5)
        String targetGroup = scenario.rdpLoadBalancer("rdp-hosts", "TCP"); // no stickiness (G6)
        String subnet = scenario.subnetIds.get(0);
        scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - 2); // CRITICAL (G3)

        int mark = aws.standIn().journalSize();
        var out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(deployment.environment()); // MODE=REMEDIATE: the audit ignores it
        AuditReport report = Audit.run(env, new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new FieldAudit(aws, deployment, scenario, linuxWorkspace, windowsWorkspace, targetGroup, bastion,
                report, aws.standIn().journalSince(mark), out.toString(StandardCharsets.UTF_8));
    }
}
