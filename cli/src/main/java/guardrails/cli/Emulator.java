package guardrails.cli;

import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
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

    static int run(boolean seed, PrintStream out) throws InterruptedException {
        LocalAws aws = LocalAws.start();
        // Ctrl-C ends the JVM: stop moto and the stand-in on the way out.
        Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        prepare(aws, seed, out);
        out.println("# Ctrl-C stops it; nothing is left running.");
        out.flush();
        Thread.currentThread().join(); // until interrupted
        return 0;
    }

    /**
     * The deployment, what every sweep reads (G4's inventory, which moto lacks, from the stand-in's fleet), the field
     * scenario with --seed, and what to export, with the seeded ids to use in commands and events.
     */
    static LocalAws.Deployment prepare(LocalAws aws, boolean seed, PrintStream out) {
        LocalAws.Deployment deployment = aws.deploy("ALERT");
        DefenderFleet.serve(aws);
        out.println("# The local AWS is up" + (seed ? ", seeded with the field scenario" : "") + ". In another shell:");
        environment(aws, deployment).forEach((name, value) -> out.println("export " + name + "=" + value));
        if (seed) {
            FieldScenario scenario = FieldScenario.seed(aws);
            out.println("# Seeded: directory " + scenario.directoryId + " (" + FieldScenario.MANAGED_DOMAIN
                    + "), its one-way trust " + scenario.trustId + " with " + FieldScenario.TRUSTED_DOMAIN + ", VPC "
                    + scenario.vpcId + ", subnets " + String.join(" ", scenario.subnetIds) + ".");
        }
        out.println("# then e.g. ./guardrails invoke TrustGuardFunction events/aws.events-ScheduledEvent.json,"
                + " or ./guardrails audit");
        return deployment;
    }

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
