package guardrails.local;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.TerminateRequest;

/**
 * What the files of {@code events/} name, made real in an emulator seeded with the field scenario, so that each sample
 * invoked against it finds what it is about: the WorkSpaces of the CreateWorkspaces samples (same users, same
 * bundles), a terminated WorkSpace whose managed node a sweep had matched, security groups with RDP open to the world,
 * a TCP 3389 target group without stickiness. Moto chooses its own ids, so this answers with the map from each
 * sample's illustrative id to the seeded one. On top of {@link FieldScenario#seed}, which it leaves as it is.
 */
public final class SampleAccount {

    /** The account and ids the samples were written with (events/README.md: all illustrative). */
    public static final String SAMPLE_ACCOUNT = "111122223333";
    public static final String SAMPLE_DIRECTORY = "d-90670a1b2c";
    public static final String SAMPLE_TRUST = "t-9067a1b2c3";
    public static final String SAMPLE_VPC = "vpc-0a1b2c3d4e5f60718";
    public static final String LINUX_WORKSPACE = "ws-b7d0pnf01";
    public static final String WINDOWS_WORKSPACE = "ws-c41k9zq02";
    public static final String DIRECTORY_USER_WORKSPACE = "ws-f93m2xr03";
    public static final String PARTLY_FAILED_WORKSPACE = "ws-h28q7vw04";
    public static final String TERMINATED_WORKSPACE = "ws-d52j6ks05";
    public static final String RDP_GROUP = "sg-0a1b2c3d4e5f60718";
    public static final String RDP_RULE = "sgr-0c609eaf5a2af10ea";
    public static final String MODIFIED_RULE = "sgr-0e1f2a3b4c5d6e7f8";
    public static final String RDP_ADMIN_GROUP = "sg-0b2c3d4e5f6071829";
    public static final String RDP_ADMIN_RULE = "sgr-0d28445c956a5d8ac";
    public static final String RDP_TARGET_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/rdp-hosts/73e2d6bc24d8a067";

    /** The partly-failed sample's user, qualified with the trusted domain's suffix. */
    public static final String SECOND_TRUSTED_USER = "test-2";

    /** The owner of the WorkSpace the TerminateWorkspaces sample terminates. */
    public static final String LEAVING_USER = "leaver-1";

    private SampleAccount() {
    }

    /**
     * Seeds what the samples name into the scenario's account and returns the map for this emulator. G4 remembers a
     * WorkSpace's node only from a sweep, so one G4 sweep runs here (with {@code environment}, the emulator's) before
     * that WorkSpace is terminated.
     */
    public static SeededIds seed(LocalAws aws, FieldScenario scenario, DefenderFleet fleet,
                                 Map<String, String> environment) throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(SAMPLE_ACCOUNT, LocalAws.ACCOUNT);
        ids.put(SAMPLE_DIRECTORY, scenario.directoryId);
        ids.put(SAMPLE_TRUST, scenario.trustId);
        ids.put(SAMPLE_VPC, scenario.vpcId);

        ids.put(LINUX_WORKSPACE, workspace(scenario, FieldScenario.TRUSTED_USER, FieldScenario.LINUX_BUNDLE));
        String windows = workspace(scenario, "ONPREM\\" + FieldScenario.TRUSTED_USER,
                FieldScenario.WINDOWS_BUNDLE);
        ids.put(WINDOWS_WORKSPACE, windows);
        ids.put(DIRECTORY_USER_WORKSPACE,
                workspace(scenario, FieldScenario.DIRECTORY_USER, FieldScenario.LINUX_BUNDLE));
        scenario.addUser(FieldScenario.TRUSTED_DOMAIN, SECOND_TRUSTED_USER, true);
        ids.put(PARTLY_FAILED_WORKSPACE, workspace(scenario,
                SECOND_TRUSTED_USER + "@" + FieldScenario.TRUSTED_DOMAIN, FieldScenario.LINUX_BUNDLE));

        // TerminateWorkspaces: a WorkSpace whose node a sweep matched, then terminated, as G4 meets one.
        String leaving = workspace(scenario, LEAVING_USER, FieldScenario.WINDOWS_BUNDLE);
        fleet.reportFor(leaving, 1, 1);
        new LocalInvoker(Template.load().function("DefenderDefinitionsFunction"), environment)
                .run(CloudTrailEvents.schedule());
        aws.client(WorkSpacesClient.builder()).terminateWorkspaces(r -> r.terminateWorkspaceRequests(
                TerminateRequest.builder().workspaceId(leaving).build()));
        ids.put(TERMINATED_WORKSPACE, leaving);
        // The sweep sample's G4 finding: the Windows WorkSpace's definitions, a month old (after the sweep above,
        // so that it is new to the operator's).
        fleet.reportFor(windows, 30, 1);

        String rdpGroup = scenario.securityGroup("rdp-hosts-sg", false);
        ids.put(RDP_GROUP, rdpGroup);
        ids.put(RDP_RULE, scenario.openToTheWorld(rdpGroup, "tcp", 3389, 3389));
        ids.put(MODIFIED_RULE, scenario.openToTheWorld(rdpGroup, "tcp", 443, 443));
        String adminGroup = scenario.securityGroup("rdp-admin", false);
        ids.put(RDP_ADMIN_GROUP, adminGroup);
        ids.put(RDP_ADMIN_RULE, scenario.openToTheWorld(adminGroup, "tcp", 3389, 3389));

        ids.put(RDP_TARGET_GROUP, scenario.rdpLoadBalancer("rdp-hosts", "TCP"));
        return new SeededIds(aws.endpoint().toString(), ids);
    }

    private static String workspace(FieldScenario scenario, String userName, String bundleId) {
        return scenario.createWorkspace(userName, bundleId).pendingRequests().get(0).workspaceId();
    }
}
