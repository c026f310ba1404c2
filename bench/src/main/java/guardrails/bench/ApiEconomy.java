package guardrails.bench;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DefenderFleet;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The sweeps' AWS calls for a small and a large account, counted at the wire by the stand-in: a first sweep (the
 * memory is empty) and the next one (nothing changed). Calls must grow with result pages, not with resources.
 * G1's per-event economy (25 WorkSpaces in one event) is held by WorkspaceCreationEndToEndTest.
 */
final class ApiEconomy {

    /** An account shape: what to add to the field scenario, and how to name it in the table. */
    record Account(String description, Consumer<FieldScenario> arrange) {
    }

    private ApiEconomy() {
    }

    static void run(LocalAws aws, PrintStream out, int directories, int subnets, int nodes, int securityGroups,
                    int targetGroups) {
        out.println("| function | account | first sweep: calls | next sweep: calls |");
        out.println("|---|---|---|---|");
        sweep(aws, out, "DirectoryTrustFunction", new Account("1 directory, 1 trust", s -> { }));
        sweep(aws, out, "DirectoryTrustFunction", new Account(directories + " directories, 1 trust each", s -> {
            for (int i = 1; i < directories; i++) {
                s.addDirectoryWithTrust(i, "Two-Way");
            }
        }));
        sweep(aws, out, "SubnetCapacityFunction", new Account("2 subnets", s -> { }));
        sweep(aws, out, "SubnetCapacityFunction", new Account(subnets + " subnets (2 + tagged)",
                s -> tagSubnets(aws, s, subnets - 2)));
        sweep(aws, out, "DefenderDefinitionsFunction", new Account("2 managed nodes", s -> fleet(aws, 2)));
        sweep(aws, out, "DefenderDefinitionsFunction",
                new Account(nodes + " managed nodes", s -> fleet(aws, nodes)));
        sweep(aws, out, "NetworkExposureFunction", new Account("the directory's 2 groups + 1 with RDP open to the world",
                s -> securityGroups(s, 1)));
        sweep(aws, out, "NetworkExposureFunction", new Account(securityGroups
                + " security groups (HTTPS open to the world each, 1 in 50 RDP too)", s -> securityGroups(s, securityGroups)));
        sweep(aws, out, "RdpStickinessFunction", new Account("1 RDP target group", s -> targetGroups(aws, s, 1)));
        sweep(aws, out, "RdpStickinessFunction", new Account(targetGroups + " target groups (1 in 10 on 3389)",
                s -> targetGroups(aws, s, targetGroups)));
    }

    /** Groups with an HTTPS rule from anywhere and an admin range each; every 50th also opens RDP to the world. */
    private static void securityGroups(FieldScenario scenario, int count) {
        for (int i = 0; i < count; i++) {
            String group = scenario.securityGroup("app-" + i, false);
            scenario.openToTheWorld(group, "tcp", 443, 443);
            if (i % 50 == 0) {
                scenario.openToTheWorld(group, "tcp", 3389, 3389);
            }
        }
    }

    /** HTTPS target groups; every tenth an RDP one without stickiness, behind no load balancer yet. */
    private static void targetGroups(LocalAws aws, FieldScenario scenario, int count) {
        var elb = aws.client(software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client
                .builder());
        for (int i = 0; i < count; i++) {
            int n = i;
            boolean rdp = i % 10 == 0;
            elb.createTargetGroup(r -> r.name((rdp ? "rdp-" : "web-") + n).protocol(rdp ? "TCP" : "HTTPS")
                    .port(rdp ? 3389 : 443).vpcId(scenario.vpcId));
        }
    }

    private static void sweep(LocalAws aws, PrintStream out, String function, Account account) {
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

    /** Subnets watched by tag, /28s in a VPC of their own. */
    private static void tagSubnets(LocalAws aws, FieldScenario scenario, int count) {
        Ec2Client ec2 = aws.client(Ec2Client.builder());
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
        for (int i = 0; i < count; i++) {
            String cidr = "10.8." + (i / 16) + "." + (i % 16) * 16 + "/28";
            ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SUBNET)
                    .tags(Tag.builder().key("guardrails:watch-ips").value("true").build()).build()));
        }
    }

    /** Managed nodes whose Defender definitions are a day old: healthy, so the sweep is pure reading. */
    private static void fleet(LocalAws aws, int count) {
        DefenderFleet fleet = DefenderFleet.serve(aws);
        for (int i = 0; i < count; i++) {
            fleet.add(new DefenderFleet.Node("mi-0" + String.format("%016d", i), "HOST-" + i, "10.2." + (i / 250) + "."
                    + (i % 250), 1, true, Instant.now()));
        }
    }
}
