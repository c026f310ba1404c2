package guardrails.subnetcapacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G3 against the local emulator: ENIs fill the seed's /27 subnets and the levels move. */
class SubnetCapacityEndToEndTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final LocalAws AWS = LocalAws.shared();

    LocalAws.Deployment deployment;
    FieldScenario scenario;
    LocalInvoker handler;

    @BeforeEach
    void fieldScenario() {
        AWS.reset();
        deployment = AWS.deploy("ALERT");
        scenario = FieldScenario.seed(AWS);
        handler = new LocalInvoker(Template.load().function("SubnetCapacityFunction"), deployment.environment());
    }

    JsonNode sweep() throws Exception {
        return CloudTrailEvents.parse(handler.invoke(CloudTrailEvents.schedule(),
                QUIET));
    }

    /** Fills the subnet until exactly {@code free} addresses are left. */
    void leaveFree(String subnet, int free) {
        scenario.fillSubnet(subnet, scenario.freeAddresses(subnet) - free);
        assertEquals(free, scenario.freeAddresses(subnet));
    }

    @Test
    void fillingASlash27MovesItOkWarningCriticalAndFreeingItRecovers() throws Exception {
        String subnet = scenario.subnetIds.get(0);
        assertEquals(0, sweep().path("findings").size(), "a fresh /27 is OK, and OK is not news");

        leaveFree(subnet, 8);
        sweep();
        List<AlertInbox.Alert> warning = deployment.inbox().drain();
        assertEquals(1, warning.size());
        assertEquals("WARNING", warning.get(0).severity());
        assertEquals(subnet, warning.get(0).resourceId());
        assertTrue(warning.get(0).field("seen").contains("8 of 27 usable addresses free"), warning.get(0).field("seen"));
        assertTrue(warning.get(0).field("seen").contains("more WorkSpaces"));
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty(), "same level: nothing");

        leaveFree(subnet, 2);
        sweep();
        List<AlertInbox.Alert> critical = deployment.inbox().drain();
        assertEquals(List.of("CRITICAL"), critical.stream().map(AlertInbox.Alert::severity).toList());
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty());

        scenario.releaseFilledAddresses();
        sweep();
        List<AlertInbox.Alert> recovered = deployment.inbox().drain();
        assertEquals(List.of("INFO"), recovered.stream().map(AlertInbox.Alert::severity).toList());
        assertTrue(recovered.get(0).subject().contains("Recovered: "));
        sweep();
        assertTrue(deployment.inbox().drain().isEmpty());
    }

    @Test
    void aBurstOfCreationsIsCaughtByTheCreateWorkspacesEventItself() throws Exception {
        String subnet = scenario.subnetIds.get(1);
        leaveFree(subnet, 3);
        var created = scenario.createWorkspace(FieldScenario.DIRECTORY_USER, FieldScenario.WINDOWS_BUNDLE);
        String event = CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-directory-user.json",
                scenario.directoryId, FieldScenario.DIRECTORY_USER, FieldScenario.WINDOWS_BUNDLE, created);

        handler.invoke(event, QUIET);
        handler.invoke(event, QUIET); // redelivered

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        assertEquals("CRITICAL", alerts.get(0).severity());
        assertEquals(subnet, alerts.get(0).resourceId());
    }

    /**
     * A burst of CreateWorkspaces events starts sweeps side by side; each reads the same remembered level. The
     * level change is keyed by the change itself, so it is reported once; a sweep that finds the change being
     * reported by another fails and is retried (as Lambda retries it), and then finds nothing new.
     */
    @Test
    void concurrentSweepsOfABurstAlertALevelChangeOnce() throws Exception {
        String subnet = scenario.subnetIds.get(1);
        sweep(); // remembered: OK
        leaveFree(subnet, 3);
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var created = scenario.createWorkspace(FieldScenario.DIRECTORY_USER, FieldScenario.WINDOWS_BUNDLE);
            events.add(CloudTrailEvents.createWorkspaces("aws.workspaces-CreateWorkspaces-directory-user.json",
                    scenario.directoryId, FieldScenario.DIRECTORY_USER, FieldScenario.WINDOWS_BUNDLE, created));
        }
        List<LocalInvoker> containers = events.stream().map(e -> new LocalInvoker(
                Template.load().function("SubnetCapacityFunction"), deployment.environment())).toList();

        PrintStream stdout = System.out;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(events.size());
        List<String> retries = new java.util.ArrayList<>();
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<JsonNode>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                int n = i;
                runs.add(pool.submit(() -> {
                    start.await();
                    return containers.get(n).run(events.get(n));
                }));
            }
            start.countDown();
            for (int i = 0; i < runs.size(); i++) {
                try {
                    runs.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // Another sweep held the claim, or wrote the subnet's lifecycle record first: Lambda retries it.
                    assertTrue(java.util.Set.of(guardrails.shared.lifecycle.Claims.ClaimHeldElsewhere.class,
                            guardrails.shared.lifecycle.LifecycleStore.Conflict.class).contains(
                            e.getCause().getClass()), String.valueOf(e.getCause()));
                    retries.add(events.get(i));
                }
            }
        } finally {
            pool.shutdown();
            System.setOut(stdout); // the invocations swapped System.out concurrently
        }
        for (String retry : retries) {
            handler.run(retry); // Lambda's retry, a minute later
        }

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size(), "one alert for OK -> CRITICAL, " + retries.size() + " sweeps retried: "
                + alerts.stream().map(AlertInbox.Alert::resourceId).toList());
        assertEquals("CRITICAL", alerts.get(0).severity());
    }

    @Test
    void aSubnetTaggedForWatchingIsWatchedToo() throws Exception {
        Ec2Client ec2 = AWS.client(Ec2Client.builder());
        String tagged = ec2.createSubnet(r -> r.vpcId(scenario.vpcId).cidrBlock("10.0.0.64/28")
                .availabilityZone(LocalAws.REGION + "a")).subnet().subnetId();
        ec2.createTags(r -> r.resources(tagged).tags(Tag.builder().key("guardrails:watch-ips").value("true").build()));
        leaveFree(tagged, 2);

        sweep();

        List<AlertInbox.Alert> alerts = deployment.inbox().drain();
        assertEquals(1, alerts.size());
        assertEquals(tagged, alerts.get(0).resourceId());
        assertTrue(alerts.get(0).field("seen").contains("watched by tag"));
    }

    /** Sweep cost for D directories and S subnets, counted at the wire: pages, not resources. */
    @Test
    void aSweepCostsPagesNotSubnets() throws Exception {
        Ec2Client ec2 = AWS.client(Ec2Client.builder());
        WorkSpacesClient workspaces = AWS.client(WorkSpacesClient.builder());
        var ds = AWS.client(software.amazon.awssdk.services.directory.DirectoryClient.builder());
        for (int d = 0; d < 4; d++) { // 4 more directories, 2 subnets each: D = 5, S = 10
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/24")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.1.0.0/27")
                    .availabilityZone(LocalAws.REGION + "a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.1.0.32/27")
                    .availabilityZone(LocalAws.REGION + "b")).subnet().subnetId();
            int n = d;
            String directory = ds.createMicrosoftAD(r -> r.name("corp" + n + ".example.net").password("Emulator-only-1")
                    .vpcSettings(v -> v.vpcId(vpc).subnetIds(a, b))).directoryId();
            workspaces.registerWorkspaceDirectory(r -> r.directoryId(directory).subnetIds(a, b));
        }
        AWS.standIn().resetCalls();

        JsonNode result = sweep();

        Map<String, Long> calls = AWS.standIn().calls().stream()
                .collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
        System.out.println("figure: AWS calls for one G3 sweep of 5 directories and 10 subnets: " + calls);
        assertEquals("handled", result.path("status").asText());
        assertEquals(1, calls.get("WorkspacesService.DescribeWorkspaceDirectories"));
        assertEquals(2, calls.get("DescribeSubnets"), "one call for the directories' subnets, one for tagged ones");
        assertEquals(2, calls.get("DynamoDB_20120810.BatchGetItem"), "the samples and the lifecycle records of all 10"
                + " subnets: one page each");
        assertEquals(null, calls.get("DynamoDB_20120810.UpdateItem"), "all healthy: no lifecycle record written");
        assertEquals(1, calls.get("DynamoDB_20120810.BatchWriteItem"), "their new histories: one page");
        assertEquals(null, calls.get("DynamoDB_20120810.GetItem"), "nothing read one by one");
    }
}
