package guardrails.local;

import java.util.List;
import java.util.function.Function;

/**
 * One field case per function: how to set the seeded account up so the function has something to find, the event
 * that sets it off, and the alerts it must produce. Shared by the reliability tests and the benchmarks.
 */
public final class FieldCases {

    private FieldCases() {
    }

    /** A function, how to arrange its case (returning the event), and the alerts it must produce, once each. */
    public record Case(String function, Function<FieldScenario, String> arrange, List<String> expectedRules) {
        @Override
        public String toString() {
            return function;
        }
    }

    public static List<Case> all(LocalAws aws) {
        return List.of(
                new Case("WorkspaceCreationFunction", s -> CloudTrailEvents.createWorkspaces(
                        "aws.workspaces-CreateWorkspaces-trusted-user-linux.json", s.directoryId,
                        FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE,
                        s.createWorkspace(FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE)),
                        List.of("TRUSTED_USER_ON_NON_WINDOWS_BUNDLE", "USERS_ON_ONE_WAY_TRUST")),
                new Case("DirectoryTrustFunction", s -> CloudTrailEvents.trustCall("aws.ds-CreateTrust.json", s.directoryId,
                        s.trustId), List.of("TRUST_NOT_TWO_WAY")),
                new Case("SubnetCapacityFunction", s -> {
                    s.fillSubnet(s.subnetIds.get(0), s.freeAddresses(s.subnetIds.get(0)) - 2);
                    return CloudTrailEvents.schedule();
                }, List.of("SUBNET_CAPACITY")),
                new Case("DefenderDefinitionsFunction", s -> {
                    String ws = s.createWorkspace("user-stuck", FieldScenario.WINDOWS_BUNDLE).pendingRequests().get(0)
                            .workspaceId();
                    DefenderFleet.serve(aws).reportFor(ws, 400, 1);
                    return CloudTrailEvents.schedule();
                }, List.of("DEFENDER_OUT_OF_DATE")),
                new Case("NetworkExposureFunction", s -> {
                    String bastion = s.securityGroup("rdp-admin", false);
                    return CloudTrailEvents.securityGroupCall("aws.ec2-AuthorizeSecurityGroupIngress.json", bastion,
                            s.openToTheWorld(bastion, "tcp", 3389, 3389));
                }, List.of("RDP_OPEN_TO_WORLD")),
                new Case("RdpStickinessFunction", s -> CloudTrailEvents.targetGroupCall(
                        "aws.elasticloadbalancing-CreateTargetGroup.json", s.rdpLoadBalancer("rdp-hosts", "TCP")),
                        List.of("RDP_TARGET_GROUP_NOT_STICKY")));
    }
}
