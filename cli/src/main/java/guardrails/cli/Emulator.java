package guardrails.cli;

import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.SampleAccount;
import guardrails.local.SeededIds;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./guardrails emulator [--seed]}: the local AWS an operator can point {@code ./guardrails invoke} (or any
 * SDK, the AWS CLI) at: moto with the stand-in for what it lacks, on loopback, with the alert topic, the findings
 * table and G4's update document as a deployment would have them, and with --seed the field scenario. Prints the
 * environment to export, then runs until interrupted.
 */
final class Emulator {

    private Emulator() {
    }

    static int run(boolean seed, PrintStream out) throws Exception {
        LocalAws aws = LocalAws.start();
        // Ctrl-C ends the JVM: stop moto and the stand-in on the way out.
        Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        prepare(aws, seed, out, SEEDED_IDS_FILE.toAbsolutePath());
        out.println("# Ctrl-C stops it; nothing is left running.");
        out.flush();
        Thread.currentThread().join(); // until interrupted
        return 0;
    }

    /**
     * The deployment, what every sweep reads (G4's inventory, which moto lacks, from the stand-in's fleet), the field
     * scenario with --seed, and what to export, with the seeded ids to use in commands and events.
     */
    static LocalAws.Deployment prepare(LocalAws aws, boolean seed, PrintStream out, Path seededIdsFile)
            throws Exception {
        LocalAws.Deployment deployment = aws.deploy("ALERT");
        DefenderFleet fleet = DefenderFleet.serve(aws);
        Map<String, String> environment = environment(aws, deployment);
        if (seed) {
            FieldScenario scenario = FieldScenario.seed(aws);
            SampleAccount.seed(aws, scenario, fleet, environment).write(seededIdsFile);
            environment.put(SeededIds.VARIABLE, seededIdsFile.toString());
            out.println("# The local AWS is up, seeded with the field scenario and what each file of events/ names."
                    + " In another shell:");
            environment.forEach((name, value) -> out.println("export " + name + "=" + value));
            out.println("# Seeded: directory " + scenario.directoryId + " (" + FieldScenario.MANAGED_DOMAIN
                    + "), its one-way trust " + scenario.trustId + " with " + FieldScenario.TRUSTED_DOMAIN + ", VPC "
                    + scenario.vpcId + ", subnets " + String.join(" ", scenario.subnetIds) + ".");
            out.println(FIVE_MINUTES);
        } else {
            out.println("# The local AWS is up. In another shell:");
            environment.forEach((name, value) -> out.println("export " + name + "=" + value));
            out.println("# then e.g. ./guardrails invoke DirectoryTrustFunction events/aws.events-ScheduledEvent.json,"
                    + " or ./guardrails audit (--seed gives the sweeps, and the samples, something to find)");
        }
        return deployment;
    }

    /** Where --seed writes which seeded id each sample's illustrative id stands for (git ignores build/). */
    static final Path SEEDED_IDS_FILE = Path.of("build", "emulator", "seeded-ids.json");

    /** The five-minute path through the seeded account: what to invoke, and what it shows. */
    static final String FIVE_MINUTES = """
            # Every file of events/ names something seeded here: with the exports above, invoke puts the seeded ids in
            # place of the sample's (one "seeded ids: replaced ..." line on stderr). Every guardrail is in ALERT mode:
            # it reports, and its finding says what REMEDIATE would do. Five minutes:
            #   ./guardrails invoke WorkspaceCreationFunction events/aws.workspaces-CreateWorkspaces-trusted-user-linux.json
            #     G1: CRITICAL, trusted-domain user test-1 on Amazon Linux can never connect; WARNING, the trust is one-way
            #   ./guardrails invoke WorkspaceCreationFunction events/aws.workspaces-CreateWorkspaces-directory-user.json
            #     G1: no finding (the directory's own user on Linux is fine)
            #   ./guardrails invoke NetworkExposureFunction events/aws.ec2-AuthorizeSecurityGroupIngress.json
            #     G5: CRITICAL, RDP open to 0.0.0.0/0 on rdp-hosts-sg
            #   ./guardrails invoke RdpStickinessFunction events/aws.elasticloadbalancing-CreateTargetGroup.json
            #     G6: WARNING, RDP target group rdp-hosts without stickiness
            #   ./guardrails invoke DefenderDefinitionsFunction events/aws.events-ScheduledEvent.json
            #     G4's sweep: CRITICAL, a Windows WorkSpace's Defender definitions are 30 days old
            #   ./guardrails audit
            #     every guardrail's sweep, read-only, as a report in build/audit
            # The result is the JSON on stdout; the function's log lines go to stderr. A finding is alerted once:
            # the same sample invoked again reports nothing new. events/README.md says what every sample gives.""";

    /** What a shell needs to use the emulator as the functions and the local runner use AWS. */
    static Map<String, String> environment(LocalAws aws, LocalAws.Deployment deployment) {
        Map<String, String> env = new TreeMap<>(deployment.environment());
        env.remove("MODE"); // each guardrail's own, from template.yaml
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_DEFAULT_REGION", LocalAws.REGION); // the AWS CLI reads this one, not AWS_REGION
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_EMF_ENVIRONMENT", "Lambda");
        return env;
    }
}
