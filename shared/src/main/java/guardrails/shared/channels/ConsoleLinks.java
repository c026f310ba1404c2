package guardrails.shared.channels;

import guardrails.shared.findings.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS console page of each resource an alert names, told by the resource id's form (not by guardrail, so a new
 * guardrail naming the same kinds of resources gets its links for free).
 *
 * <p>AWS documents each console's home page (e.g. https://console.aws.amazon.com/workspaces/v2/home in the
 * WorkSpaces Administration Guide), not the address of one resource's page; the paths below are those the consoles
 * use today and other inventory tools link to. A console that moves a page still lands on its own home or list, and
 * every alert names the resource id beside its link.
 */
public final class ConsoleLinks {

    /** Links per alert at most: a summary names up to 50 resources, and chat messages stay readable. */
    static final int LIMIT = 5;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private record Kind(Pattern id, String label, String path) {
    }

    /** {r} is the region, {id} the resource id. */
    private static final List<Kind> KINDS = List.of(
            new Kind(Pattern.compile("ws-[0-9a-z]{8,63}"), "WorkSpace",
                    "/workspaces/v2/workspaces?region={r}#/workspaces/{id}"),
            new Kind(Pattern.compile("d-[0-9a-f]{8,63}"), "directory",
                    "/directoryservicev2/home?region={r}#!/directories/{id}"),
            new Kind(Pattern.compile("subnet-[0-9a-f]{8,17}"), "subnet",
                    "/vpcconsole/home?region={r}#SubnetDetails:subnetId={id}"),
            new Kind(Pattern.compile("sg-[0-9a-f]{8,17}"), "security group",
                    "/ec2/home?region={r}#SecurityGroup:groupId={id}"),
            new Kind(Pattern.compile("(mi|i)-[0-9a-f]{8,17}"), "managed node",
                    "/systems-manager/fleet-manager/managed-nodes/{id}/general?region={r}"),
            new Kind(Pattern.compile("arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]+"
                    + "/[0-9a-f]{16}"), "target group", "/ec2/home?region={r}#TargetGroup:targetGroupArn={id}"));

    private ConsoleLinks() {
    }

    /** A label ("WorkSpace ws-...") to its console address, for the finding's resource then the related ones. */
    public static Map<String, String> of(Finding finding, String region) {
        Map<String, String> links = new LinkedHashMap<>();
        Stream.concat(Stream.of(finding.resourceId()), finding.related().stream()).distinct().forEach(id -> {
            if (links.size() < LIMIT) {
                link(id, region).ifPresent(link -> links.put(link.getKey(), link.getValue()));
            }
        });
        return links;
    }

    /** The console address of one resource, when its id's form is known and the region is a region's name. */
    public static Optional<String> url(String resourceId, String region) {
        return link(resourceId, region).map(Map.Entry::getValue);
    }

    static Optional<Map.Entry<String, String>> link(String resourceId, String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            return Optional.empty();
        }
        return KINDS.stream().filter(kind -> kind.id().matcher(resourceId).matches()).findFirst()
                .map(kind -> Map.entry(kind.label() + " " + shortName(resourceId), host(region) + kind.path()
                        .replace("{r}", region)
                        .replace("{id}", resourceId))); // held to its kind's pattern: nothing to escape
    }

    /** An ARN is named by its resource name (…:targetgroup/NAME/ID), an id by itself. */
    private static String shortName(String resourceId) {
        String[] parts = resourceId.split("/");
        return resourceId.startsWith("arn:") && parts.length >= 3 ? parts[parts.length - 2] : resourceId;
    }

    /** The console of the region's partition: China and GovCloud have consoles of their own. */
    private static String host(String region) {
        if (region.startsWith("cn-")) {
            return "https://console.amazonaws.cn";
        }
        if (region.startsWith("us-gov-")) {
            return "https://console.amazonaws-us-gov.com";
        }
        return "https://" + region + ".console.aws.amazon.com";
    }
}
