package guardrails.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * Every EventBridge rule of template.yaml, run by AWS's own matcher (event-ruler) against every file in events/:
 * each sample must match exactly the rules listed here, and every sample must be listed.
 */
class EventPatternsTest {

    /** Sample file -> the "Function/Event" rules it must trigger (empty: it must trigger none). */
    static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("aws.workspaces-CreateWorkspaces-trusted-user-linux.json", Set.of("WorkspaceCreationFunction/CreateWorkspaces", "SubnetCapacityFunction/CreateWorkspaces")),
            Map.entry("aws.workspaces-CreateWorkspaces-trusted-user-windows.json", Set.of("WorkspaceCreationFunction/CreateWorkspaces", "SubnetCapacityFunction/CreateWorkspaces")),
            Map.entry("aws.workspaces-CreateWorkspaces-directory-user.json", Set.of("WorkspaceCreationFunction/CreateWorkspaces", "SubnetCapacityFunction/CreateWorkspaces")),
            Map.entry("aws.workspaces-CreateWorkspaces-partly-failed.json", Set.of("WorkspaceCreationFunction/CreateWorkspaces", "SubnetCapacityFunction/CreateWorkspaces")),
            // Matches the rule: its body is what is wrong, and the function must say so.
            Map.entry("aws.workspaces-CreateWorkspaces-malformed.json", Set.of("WorkspaceCreationFunction/CreateWorkspaces", "SubnetCapacityFunction/CreateWorkspaces")),
            Map.entry("aws.workspaces-CreateWorkspaces-access-denied.json", Set.of()),
            Map.entry("aws.workspaces-TerminateWorkspaces.json", Set.of("DefenderDefinitionsFunction/TerminateWorkspaces")),
            Map.entry("aws.ds-CreateTrust.json", Set.of("DirectoryTrustFunction/TrustCalls")),
            Map.entry("aws.ds-UpdateTrust.json", Set.of("DirectoryTrustFunction/TrustCalls")),
            Map.entry("aws.ds-DeleteTrust.json", Set.of("DirectoryTrustFunction/TrustCalls")),
            Map.entry("aws.elasticloadbalancing-CreateTargetGroup.json", Set.of("RdpStickinessFunction/TargetGroupCalls")),
            Map.entry("aws.elasticloadbalancing-ModifyTargetGroupAttributes.json", Set.of("RdpStickinessFunction/TargetGroupCalls")),
            Map.entry("aws.elasticloadbalancing-RegisterTargets.json", Set.of("RdpStickinessFunction/TargetGroupCalls")),
            Map.entry("aws.ec2-AuthorizeSecurityGroupIngress.json", Set.of("NetworkExposureFunction/SecurityGroupCalls")),
            Map.entry("aws.ec2-AuthorizeSecurityGroupIngress-by-group-name.json", Set.of("NetworkExposureFunction/SecurityGroupCalls")),
            Map.entry("aws.ec2-ModifySecurityGroupRules.json", Set.of("NetworkExposureFunction/SecurityGroupCalls")),
            // Schedules call the function directly; no pattern matches them, and none must.
            Map.entry("aws.events-ScheduledEvent.json", Set.of()));

    @Test
    void eachSampleMatchesExactlyItsRules() throws Exception {
        Template template = Template.load();
        Machine machine = Machine.builder().build();
        int rules = 0;
        for (String id : template.functionIds()) {
            for (var pattern : template.function(id).eventPatterns().entrySet()) {
                machine.addRule(id + "/" + pattern.getKey(), pattern.getValue().toString());
                rules++;
            }
        }
        assertFalse(rules == 0, "template.yaml declares no EventBridge rule");

        List<Path> samples = samples();
        Set<String> seen = new HashSet<>();
        for (Path sample : samples) {
            String name = sample.getFileName().toString();
            seen.add(name);
            Set<String> matched = new HashSet<>(machine.rulesForJSONEvent(Files.readString(sample)));
            assertEquals(EXPECTED.get(name), matched, name + " (add new samples to EXPECTED)");
        }
        assertEquals(EXPECTED.keySet(), seen, "every expected sample exists in events/");
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(CloudTrailEvents.eventsDir())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
