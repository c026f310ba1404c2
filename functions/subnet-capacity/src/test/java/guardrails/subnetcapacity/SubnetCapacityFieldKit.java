package guardrails.subnetcapacity;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * G3's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo, and the accounts the bench sweeps.
 */
public final class SubnetCapacityFieldKit extends FieldKit {

    /** The first directory subnet filled to 2 free addresses by a rollout (F6). */
    @Override
    public String arrange(FieldScenario s) {
        s.fillSubnet(s.subnetIds.get(0), s.freeAddresses(s.subnetIds.get(0)) - 2);
        return CloudTrailEvents.schedule();
    }

    @Override
    public List<String> expectedRules() {
        return List.of("SUBNET_CAPACITY");
    }

    /** A rollout fills a /27 while the sweep runs: OK, then WARNING and CRITICAL, one alert each. */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        String subnet = scenario.subnetIds.get(0);
        story.step("A rollout fills " + subnet + " (a /27: 27 usable addresses); the 15-minute subnet sweep (G3) runs"
                + " as it fills");
        for (int free : new int[] {20, 7, 2}) {
            scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - free);
            int measured = scenario.freeAddresses(subnet);
            story.say(measured + " addresses left (" + Math.round((27 - measured) * 100.0 / 27) + "% used):");
            story.run(function(), CloudTrailEvents.schedule(), "OK (WARNING starts at 8 free or 75% used): no alert");
        }
    }

    /** The seeded subnets have room: each CreateWorkspaces sample and the sweep measure them and find nothing. */
    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.workspaces-CreateWorkspaces-trusted-user-linux.json", List.of(),
                "aws.workspaces-CreateWorkspaces-trusted-user-windows.json", List.of(),
                "aws.workspaces-CreateWorkspaces-directory-user.json", List.of(),
                "aws.workspaces-CreateWorkspaces-partly-failed.json", List.of(),
                "aws.workspaces-CreateWorkspaces-malformed.json", List.of(),
                "aws.events-ScheduledEvent.json", List.of());
    }

    @Override
    public List<SweepAccount> accounts() {
        int subnets = 1_000;
        return List.of(new SweepAccount("2 subnets", s -> { }),
                new SweepAccount(subnets + " subnets (2 + tagged)", s -> tagSubnets(s, subnets - 2)));
    }

    /** Subnets watched by tag, /28s in a VPC of their own. */
    private static void tagSubnets(FieldScenario scenario, int count) {
        Ec2Client ec2 = scenario.aws().client(Ec2Client.builder());
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
        for (int i = 0; i < count; i++) {
            String cidr = "10.8." + (i / 16) + "." + (i % 16) * 16 + "/28";
            ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SUBNET)
                    .tags(Tag.builder().key("guardrails:watch-ips").value("true").build()).build()));
        }
    }
}
