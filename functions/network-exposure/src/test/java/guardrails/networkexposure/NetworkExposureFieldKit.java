package guardrails.networkexposure;

import guardrails.local.CloudTrailEvents;
import guardrails.local.DemoStory;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * G5's field kit (see {@link FieldKit}): its case in the field scenario, what each sample it takes produces, its
 * chapter of the demo, and the accounts the bench sweeps.
 */
public final class NetworkExposureFieldKit extends FieldKit {

    /** An admin opens RDP to the world on a bastion's group (F9). */
    @Override
    public String arrange(FieldScenario s) {
        String bastion = s.securityGroup("rdp-admin", false);
        return CloudTrailEvents.securityGroupCall("aws.ec2-AuthorizeSecurityGroupIngress.json", bastion,
                s.openToTheWorld(bastion, "tcp", 3389, 3389));
    }

    @Override
    public List<String> expectedRules() {
        return List.of("RDP_OPEN_TO_WORLD");
    }

    @Override
    public Optional<String> fixedRule() {
        return Optional.of("RDP_OPEN_TO_WORLD");
    }

    @Override
    public Set<String> actingCalls() {
        return Set.of("RevokeSecurityGroupIngress", "AuthorizeSecurityGroupIngress");
    }

    /** Controllers open to the world (reported, kept) and an admin's RDP rule (revoked at once). */
    @Override
    public void tell(DemoStory story) {
        FieldScenario scenario = story.scenario();
        story.step("The network: Quick setup left the directory's controllers open to 0.0.0.0/0, and an admin opens"
                + " RDP to the world (G5)");
        String controllers = scenario.controllersGroup();
        List<String> open = scenario.openControllersToTheWorld();
        String bastion = scenario.securityGroup("rdp-admin", false);
        String rdpRule = scenario.openToTheWorld(bastion, "tcp", 3389, 3389);
        story.say(controllers + " (" + scenario.directoryId + "_controllers): " + open.size() + " directory-port"
                + " rules from 0.0.0.0/0; rdp-admin " + bastion + ": tcp 3389 from 0.0.0.0/0.");
        story.run(function(), CloudTrailEvents.securityGroupCall("aws.ec2-AuthorizeSecurityGroupIngress.json",
                bastion, rdpRule), "no finding (UNEXPECTED)");
        story.say("The emulator now shows rdp-admin's inbound rules: " + scenario.inboundRules(bastion) + ".");
        story.say("The six-hourly sweep finds what predates the stack:");
        story.run(function(), CloudTrailEvents.schedule(), "no finding (UNEXPECTED)");
        story.say("The controllers keep their " + scenario.inboundRules(controllers).size() + " rules: G5 replaces"
                + " them only when ControllersAllowedCidrs lists the trusted domain's networks.");
    }

    @Override
    public Map<String, List<String>> samples() {
        return Map.of(
                "aws.ec2-AuthorizeSecurityGroupIngress.json", List.of("RDP_OPEN_TO_WORLD"),
                "aws.ec2-AuthorizeSecurityGroupIngress-by-group-name.json", List.of("RDP_OPEN_TO_WORLD"),
                "aws.ec2-ModifySecurityGroupRules.json", List.of("RDP_OPEN_TO_WORLD"),
                "aws.events-ScheduledEvent.json", List.of("RDP_OPEN_TO_WORLD", "RDP_OPEN_TO_WORLD"));
    }

    @Override
    public List<SweepAccount> accounts() {
        int groups = 500;
        return List.of(new SweepAccount("the directory's 2 groups + 1 with RDP open to the world",
                        s -> securityGroups(s, 1)),
                new SweepAccount(groups + " security groups (HTTPS open to the world each, 1 in 50 RDP too)",
                        s -> securityGroups(s, groups)));
    }

    /** Groups with an HTTPS rule from anywhere each; every 50th also opens RDP to the world. */
    private static void securityGroups(FieldScenario scenario, int count) {
        for (int i = 0; i < count; i++) {
            String group = scenario.securityGroup("app-" + i, false);
            scenario.openToTheWorld(group, "tcp", 443, 443);
            if (i % 50 == 0) {
                scenario.openToTheWorld(group, "tcp", 3389, 3389);
            }
        }
    }
}
