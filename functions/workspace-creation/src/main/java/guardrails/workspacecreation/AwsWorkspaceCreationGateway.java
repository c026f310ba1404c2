package guardrails.workspacecreation;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.priming.Priming;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directory.model.DirectoryDescription;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.directoryservicedata.model.AccessDeniedException;
import software.amazon.awssdk.services.directoryservicedata.model.AccessDeniedReason;
import software.amazon.awssdk.services.directoryservicedata.model.DescribeUserResponse;
import software.amazon.awssdk.services.directoryservicedata.model.DirectoryUnavailableException;
import software.amazon.awssdk.services.directoryservicedata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.directoryservicedata.model.ValidationException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.FailedWorkspaceChangeRequest;
import software.amazon.awssdk.services.workspaces.model.Tag;
import software.amazon.awssdk.services.workspaces.model.TerminateRequest;
import software.amazon.awssdk.services.workspaces.model.WorkspaceBundle;
import software.amazon.awssdk.services.workspaces.model.WorkspaceDirectory;


/** G1's AWS calls. Each list call takes as many ids as the API allows, so calls grow with pages, not resources. */
public final class AwsWorkspaceCreationGateway implements WorkspaceCreationGateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS = List.of(
            "workspaces:DescribeWorkspaces", "workspaces:DescribeWorkspaceDirectories",
            "workspaces:DescribeWorkspaceBundles", "workspaces:DescribeWorkspaceImages", "workspaces:DescribeTags",
            "workspaces:TerminateWorkspaces", "ds:DescribeDirectories", "ds:DescribeTrusts", "ds-data:DescribeUser",
            "ds:AccessDSData");

    /** WorkspaceState values (workspaces/2015-04-08 model) of a WorkSpace that is going or gone: nothing to judge. */
    static final java.util.Set<String> GONE_STATES = java.util.Set.of("TERMINATING", "TERMINATED");

    /** DescribeWorkspaces, DescribeWorkspaceDirectories, DescribeWorkspaceBundles and -Images take 25 ids a call. */
    static final int WORKSPACES_BATCH = 25;

    private final WorkSpacesClient workspaces;
    private final DirectoryClient directory;
    private final DirectoryServiceDataClient directoryData;

    public AwsWorkspaceCreationGateway(WorkSpacesClient workspaces, DirectoryClient directory,
                                       DirectoryServiceDataClient directoryData) {
        this.workspaces = workspaces;
        this.directory = directory;
        this.directoryData = directoryData;
    }

    /**
     * SnapStart priming: every call this gateway makes, on clients that send nothing ({@link Priming#offline}), so a
     * restored function's first event finds their marshalling loaded and compiled. The offline answers are empty,
     * so the calls a gateway method makes only after a non-empty answer are made directly.
     */
    public static Runnable[] primingCalls(String region) {
        WorkSpacesClient workspaces = Priming.offline(WorkSpacesClient.builder(), region);
        DirectoryClient directory = Priming.offline(DirectoryClient.builder(), region);
        var gateway = new AwsWorkspaceCreationGateway(workspaces, directory,
                Priming.offline(DirectoryServiceDataClient.builder(), region));
        Directory trusting = new Directory("d-0000000000", "corp.example.com", "CORP",
                List.of(new Trust("t-0000000000", "example.org", TrustDirection.TWO_WAY, "Verified", null)));
        return new Runnable[] {
            () -> gateway.describeWorkspaces(List.of("ws-000000000")),
            () -> gateway.describeDirectories(List.of("d-0000000000")),
            () -> directory.describeDirectoriesPaginator(r -> r.directoryIds("d-0000000000")).directoryDescriptions()
                    .forEach(d -> { }),
            () -> directory.describeTrustsPaginator(r -> r.directoryId("d-0000000000")).trusts().forEach(t -> { }),
            () -> gateway.describeBundles(List.of("wsb-000000000")),
            () -> workspaces.describeWorkspaceImages(r -> r.imageIds("wsi-000000000")),
            gateway::windowsBundles,
            () -> gateway.lookupUser(trusting, "priming"),
            () -> gateway.workspaceTags("ws-000000000"),
            () -> gateway.terminate("ws-000000000"),
        };
    }

    @Override
    public List<Workspace> describeWorkspaces(Collection<String> workspaceIds) {
        List<Workspace> found = new ArrayList<>();
        for (List<String> batch : batches(workspaceIds, WORKSPACES_BATCH)) {
            workspaces.describeWorkspaces(r -> r.workspaceIds(batch)).workspaces().forEach(ws -> found.add(
                    workspace(ws)));
        }
        return found;
    }

    @Override
    public List<Workspace> allWorkspaces() {
        List<Workspace> found = new ArrayList<>();
        workspaces.describeWorkspacesPaginator(r -> { }).workspaces().forEach(ws -> {
            if (!GONE_STATES.contains(ws.stateAsString())) {
                found.add(workspace(ws));
            }
        });
        return found;
    }

    private static Workspace workspace(software.amazon.awssdk.services.workspaces.model.Workspace ws) {
        return new Workspace(ws.workspaceId(), ws.directoryId(), ws.userName(), ws.bundleId(), ws.stateAsString(),
                Platform.fromOperatingSystemName(ws.workspaceProperties() == null ? null
                        : ws.workspaceProperties().operatingSystemNameAsString()));
    }

    @Override
    public Map<String, Directory> describeDirectories(Collection<String> directoryIds) {
        Map<String, WorkspaceDirectory> registered = new LinkedHashMap<>();
        for (List<String> batch : batches(directoryIds, WORKSPACES_BATCH)) {
            workspaces.describeWorkspaceDirectories(r -> r.directoryIds(batch)).directories()
                    .forEach(d -> registered.put(d.directoryId(), d));
        }
        if (registered.isEmpty()) {
            return Map.of();
        }
        Map<String, DirectoryDescription> described = new HashMap<>();
        directory.describeDirectoriesPaginator(r -> r.directoryIds(registered.keySet())).directoryDescriptions()
                .forEach(d -> described.put(d.directoryId(), d));
        Map<String, Directory> result = new LinkedHashMap<>();
        registered.forEach((id, wsDirectory) -> {
            DirectoryDescription description = described.get(id);
            List<Trust> trusts = new ArrayList<>();
            directory.describeTrustsPaginator(r -> r.directoryId(id)).trusts().forEach(t -> trusts.add(
                    new Trust(t.trustId(), t.remoteDomainName(), TrustDirection.parse(t.trustDirectionAsString()),
                            t.trustStateAsString(), t.trustStateReason())));
            result.put(id, new Directory(id, wsDirectory.directoryName(),
                    description == null ? null : description.shortName(), trusts));
        });
        return result;
    }

    @Override
    public Map<String, Bundle> describeBundles(Collection<String> bundleIds) {
        List<WorkspaceBundle> bundles = new ArrayList<>();
        for (List<String> batch : batches(bundleIds, WORKSPACES_BATCH)) {
            bundles.addAll(workspaces.describeWorkspaceBundles(r -> r.bundleIds(batch)).bundles());
        }
        Map<String, Bundle> result = new LinkedHashMap<>();
        withPlatforms(bundles).forEach(b -> result.put(b.bundleId(), b));
        return result;
    }

    @Override
    public List<Bundle> windowsBundles() {
        List<WorkspaceBundle> bundles = new ArrayList<>();
        workspaces.describeWorkspaceBundlesPaginator(r -> r.owner("AMAZON")).bundles().forEach(bundles::add);
        workspaces.describeWorkspaceBundlesPaginator(r -> { }).bundles().forEach(bundles::add); // the account's own
        return withPlatforms(bundles).stream().filter(b -> b.platform() == Platform.WINDOWS).distinct().toList();
    }

    /** A bundle's name usually says its OS; a custom bundle's image says it for sure (one batched call). */
    private List<Bundle> withPlatforms(List<WorkspaceBundle> bundles) {
        List<String> imageIds = bundles.stream()
                .filter(b -> Platform.fromBundleText(b.name() + " " + b.description()) == Platform.UNKNOWN)
                .map(WorkspaceBundle::imageId).filter(id -> id != null && !id.isBlank()).distinct().toList();
        Map<String, Platform> imagePlatforms = new HashMap<>();
        for (List<String> batch : batches(imageIds, WORKSPACES_BATCH)) {
            workspaces.describeWorkspaceImages(r -> r.imageIds(batch)).images().forEach(image -> imagePlatforms.put(
                    image.imageId(), Platform.fromImageType(image.operatingSystem() == null ? null
                            : image.operatingSystem().typeAsString())));
        }
        return bundles.stream().map(b -> {
            Platform platform = Platform.fromBundleText(b.name() + " " + b.description());
            if (platform == Platform.UNKNOWN) {
                platform = imagePlatforms.getOrDefault(b.imageId(), Platform.UNKNOWN);
            }
            return new Bundle(b.bundleId(), b.name(), b.owner(), platform);
        }).toList();
    }

    /**
     * The trusted realms first: a name found in none of them is no trusted-domain user, whatever the own domain
     * holds, so the own domain is asked only when a trusted realm has the name (shadow or namesake: F3).
     */
    @Override
    public UserLookup lookupUser(Directory dir, String userName) {
        Map<String, UserLookup.RealmAnswer> realms = new LinkedHashMap<>();
        for (Trust trust : dir.trusts()) {
            UserLookup.RealmAnswer answer = describeUser(dir.directoryId(), userName, trust.remoteDomain());
            if (answer instanceof UserLookup.DataApiDisabled) {
                return new UserLookup(answer, Map.of());
            }
            realms.put(trust.remoteDomain(), answer);
        }
        boolean foundInTrustedRealm = realms.values().stream().anyMatch(UserLookup.Account.class::isInstance);
        UserLookup.RealmAnswer own = foundInTrustedRealm ? describeUser(dir.directoryId(), userName, null)
                : new UserLookup.NotAsked();
        return new UserLookup(own, realms);
    }

    /**
     * ds-data DescribeUser (realm null: the directory's own domain). Each error the model declares has an outcome:
     * ResourceNotFound is an absent account; AccessDenied (DATA_DISABLED aside) and Validation are lasting refusals
     * the rules turn into a WARNING; DirectoryUnavailable is marked retryable in the model, so the SDK asks again
     * with back-off before it counts as refused too; Throttling and InternalServer are retried by the SDK, then fail
     * the invocation so that Lambda retries it.
     */
    private UserLookup.RealmAnswer describeUser(String directoryId, String userName, String realm) {
        try {
            DescribeUserResponse user = directoryData.describeUser(r -> r.directoryId(directoryId)
                    .samAccountName(userName).realm(realm));
            return new UserLookup.Account(user.enabled() == null || user.enabled(),
                    upnSuffix(user.userPrincipalName()));
        } catch (ResourceNotFoundException absent) {
            return new UserLookup.Absent();
        } catch (AccessDeniedException denied) {
            return denied.reason() == AccessDeniedReason.DATA_DISABLED ? new UserLookup.DataApiDisabled()
                    : new UserLookup.Refused(realm, "AccessDeniedException", denied.reasonAsString());
        } catch (ValidationException invalid) {
            return new UserLookup.Refused(realm, "ValidationException", invalid.reasonAsString());
        } catch (DirectoryUnavailableException unavailable) {
            return new UserLookup.Refused(realm, "DirectoryUnavailableException", unavailable.reasonAsString());
        }
    }

    /** Only the UPN's domain is kept: the model marks the UPN sensitive, and the suffix is all the rules need. */
    private static String upnSuffix(String userPrincipalName) {
        int at = userPrincipalName == null ? -1 : userPrincipalName.lastIndexOf('@');
        return at < 0 || at == userPrincipalName.length() - 1 ? null : userPrincipalName.substring(at + 1);
    }

    @Override
    public Map<String, String> workspaceTags(String workspaceId) {
        Map<String, String> tags = new HashMap<>();
        try {
            for (Tag tag : workspaces.describeTags(r -> r.resourceId(workspaceId)).tagList()) {
                tags.put(tag.key(), tag.value());
            }
        } catch (software.amazon.awssdk.services.workspaces.model.ResourceNotFoundException gone) {
            // terminated meanwhile: no tags, nothing to exempt
        }
        return tags;
    }

    @Override
    public String terminate(String workspaceId) {
        List<FailedWorkspaceChangeRequest> failed = workspaces.terminateWorkspaces(r -> r.terminateWorkspaceRequests(
                TerminateRequest.builder().workspaceId(workspaceId).build())).failedRequests();
        if (failed.isEmpty()) {
            return "Terminated " + workspaceId + ".";
        }
        FailedWorkspaceChangeRequest refusal = failed.get(0);
        String message = refusal.errorMessage() == null ? "" : refusal.errorMessage();
        if (message.contains("could not be found") || message.contains("TERMINATED")) {
            return workspaceId + " was already terminated.";
        }
        throw new IllegalStateException("TerminateWorkspaces refused " + workspaceId + ": " + refusal.errorCode());
    }

    static <T> List<List<T>> batches(Collection<T> items, int size) {
        List<T> distinct = items.stream().distinct().toList();
        return Stream.iterate(0, i -> i < distinct.size(), i -> i + size)
                .map(i -> distinct.subList(i, Math.min(i + size, distinct.size()))).toList();
    }
}
