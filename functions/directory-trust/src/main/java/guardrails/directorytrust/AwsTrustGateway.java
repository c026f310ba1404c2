package guardrails.directorytrust;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.priming.Priming;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.EntityDoesNotExistException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** G2's AWS calls. The sweep's cost grows with result pages, plus one forwarder call per directory with trusts. */
public final class AwsTrustGateway implements TrustGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS = List.of("ds:DescribeDirectories", "ds:DescribeTrusts",
            "ds:DescribeConditionalForwarders", "ds:ListTagsForResource", "workspaces:DescribeWorkspaceDirectories",
            "workspaces:DescribeWorkspaces", "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors");

    private final DirectoryClient directory;
    private final WorkSpacesClient workspaces;
    private final CloudTrailClient cloudTrail;

    public AwsTrustGateway(DirectoryClient directory, WorkSpacesClient workspaces, CloudTrailClient cloudTrail) {
        this.directory = directory;
        this.workspaces = workspaces;
        this.cloudTrail = cloudTrail;
    }

    /**
     * SnapStart priming: every call this gateway makes, on clients that send nothing ({@link Priming#offline}), so a
     * restored function's first event finds their marshalling loaded and compiled.
     */
    public static Runnable[] primingCalls(String region) {
        CloudTrailClient cloudTrail = Priming.offline(CloudTrailClient.builder(), region);
        var gateway = new AwsTrustGateway(Priming.offline(DirectoryClient.builder(), region),
                Priming.offline(WorkSpacesClient.builder(), region), cloudTrail);
        return new Runnable[] {
            gateway::directories,
            gateway::registeredDirectoryIds,
            gateway::allTrusts,
            () -> gateway.trust("t-0000000000"),
            () -> gateway.conditionalForwarders("d-0000000000"),
            () -> gateway.workspaces("d-0000000000"),
            () -> gateway.directoryTags("d-0000000000"),
            gateway::trails, // the answer lists no trail, so the two per-trail calls are made directly
            () -> cloudTrail.getTrailStatus(r -> r.name("arn:aws:cloudtrail:" + region + ":000000000000:trail/t")),
            () -> cloudTrail.getEventSelectors(r -> r.trailName("arn:aws:cloudtrail:" + region
                    + ":000000000000:trail/t")),
        };
    }

    @Override
    public Map<String, DirectoryInfo> directories() {
        Map<String, DirectoryInfo> result = new LinkedHashMap<>();
        directory.describeDirectoriesPaginator(r -> { }).directoryDescriptions().forEach(d -> result.put(
                d.directoryId(), new DirectoryInfo(d.directoryId(), d.name(), d.typeAsString())));
        return result;
    }

    @Override
    public Set<String> registeredDirectoryIds() {
        Set<String> ids = new HashSet<>();
        workspaces.describeWorkspaceDirectoriesPaginator(r -> { }).directories().forEach(d -> ids.add(d.directoryId()));
        return ids;
    }

    @Override
    public List<Trust> allTrusts() {
        return directory.describeTrustsPaginator(r -> { }).trusts().stream().map(AwsTrustGateway::trust).toList();
    }

    @Override
    public Optional<Trust> trust(String trustId) {
        try {
            return directory.describeTrusts(r -> r.trustIds(trustId)).trusts().stream().map(AwsTrustGateway::trust)
                    .findFirst();
        } catch (EntityDoesNotExistException gone) {
            return Optional.empty();
        }
    }

    @Override
    public Set<String> conditionalForwarders(String directoryId) {
        Set<String> domains = new HashSet<>();
        try {
            directory.describeConditionalForwarders(r -> r.directoryId(directoryId)).conditionalForwarders()
                    .forEach(f -> domains.add(f.remoteDomainName().toLowerCase(Locale.ROOT)));
        } catch (EntityDoesNotExistException none) {
            // no forwarders at all
        }
        return domains;
    }

    @Override
    public List<DirectoryFacts.WorkspaceUser> workspaces(String directoryId) {
        return workspaces.describeWorkspacesPaginator(r -> r.directoryId(directoryId)).workspaces().stream()
                .map(ws -> new DirectoryFacts.WorkspaceUser(ws.workspaceId(), ws.userName())).toList();
    }

    @Override
    public Map<String, String> directoryTags(String directoryId) {
        Map<String, String> tags = new HashMap<>();
        directory.listTagsForResourcePaginator(r -> r.resourceId(directoryId)).tags()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Trust trust(software.amazon.awssdk.services.directory.model.Trust t) {
        return new Trust(t.trustId(), t.directoryId(), t.remoteDomainName(),
                TrustDirection.parse(t.trustDirectionAsString()), t.trustStateAsString(), t.trustStateReason(),
                t.stateLastUpdatedDateTime());
    }

    @Override
    public List<TrailFacts> trails() {
        List<software.amazon.awssdk.services.cloudtrail.model.Trail> trails;
        try {
            trails = cloudTrail.describeTrails(r -> r.includeShadowTrails(true)).trailList();
        } catch (CloudTrailException refused) {
            // Every error DescribeTrails declares (cloudtrail/2013-11-01), and AccessDenied: the trails cannot be told.
            return List.of(TrailFacts.unreadable("(DescribeTrails refused: " + refused.awsErrorDetails().errorCode()
                    + ")"));
        }
        return trails.stream().map(t -> trail(t.trailARN())).toList();
    }

    private TrailFacts trail(String arn) {
        try {
            boolean logging = Boolean.TRUE.equals(cloudTrail.getTrailStatus(r -> r.name(arn)).isLogging());
            return new TrailFacts(arn, logging,
                    logsWriteManagementEvents(cloudTrail.getEventSelectors(r -> r.trailName(arn))), true);
        } catch (CloudTrailException refused) {
            // An organization's trail seen from a member account, or one deleted meanwhile: unreadable, not missing.
            return TrailFacts.unreadable(arn);
        }
    }

    /**
     * Whether the selectors let management events that are not read-only through. A trail answered with no selector
     * at all has CloudTrail's default (all management events). Basic selectors: IncludeManagementEvents (default
     * true) and ReadWriteType All or WriteOnly. Advanced selectors: eventCategory = Management, unless readOnly is
     * restricted to true.
     */
    static boolean logsWriteManagementEvents(GetEventSelectorsResponse selectors) {
        if (selectors.eventSelectors().isEmpty() && selectors.advancedEventSelectors().isEmpty()) {
            return true;
        }
        boolean basic = selectors.eventSelectors().stream().anyMatch(e ->
                !Boolean.FALSE.equals(e.includeManagementEvents()) && e.readWriteType() != ReadWriteType.READ_ONLY);
        boolean advanced = selectors.advancedEventSelectors().stream().anyMatch(a -> {
            boolean management = a.fieldSelectors().stream().anyMatch(f -> "eventCategory".equals(f.field())
                    && f.equalsValue().contains("Management"));
            boolean readOnlyOnly = a.fieldSelectors().stream().anyMatch(f -> "readOnly".equals(f.field())
                    && (f.equalsValue().equals(List.of("true")) || f.notEquals().contains("false")));
            return management && !readOnlyOnly;
        });
        return basic || advanced;
    }
}
