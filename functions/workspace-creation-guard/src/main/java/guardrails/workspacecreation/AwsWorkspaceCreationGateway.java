package guardrails.workspacecreation;

import guardrails.shared.TrustDirection;
import guardrails.shared.Trust;

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
import software.amazon.awssdk.services.directoryservicedata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.FailedWorkspaceChangeRequest;
import software.amazon.awssdk.services.workspaces.model.Tag;
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

    @Override
    public List<Workspace> describeWorkspaces(Collection<String> workspaceIds) {
        List<Workspace> found = new ArrayList<>();
        for (List<String> batch : batches(workspaceIds, WORKSPACES_BATCH)) {
            workspaces.describeWorkspaces(r -> r.workspaceIds(batch)).workspaces().forEach(ws -> found.add(
                    new Workspace(ws.workspaceId(), ws.directoryId(), ws.userName(), ws.bundleId(), ws.stateAsString(),
                            Platform.fromOperatingSystemName(ws.workspaceProperties() == null ? null
                                    : ws.workspaceProperties().operatingSystemNameAsString()))));
        }
        return found;
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

    @Override
    public UserLookup lookupUser(Directory dir, String userName) {
        for (Trust trust : dir.trusts()) {
            try {
                DescribeUserResponse user = directoryData.describeUser(r -> r.directoryId(dir.directoryId())
                        .samAccountName(userName).realm(trust.remoteDomain()));
                return new UserLookup.Found(user.realm() == null ? trust.remoteDomain() : user.realm(),
                        user.userPrincipalName());
            } catch (ResourceNotFoundException notInThisRealm) {
                // try the next trusted realm
            } catch (AccessDeniedException denied) {
                if (denied.reason() == AccessDeniedReason.DATA_DISABLED) {
                    return new UserLookup.DataApiDisabled();
                }
                throw denied;
            }
        }
        return new UserLookup.NotFound();
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
                t -> t.workspaceId(workspaceId))).failedRequests();
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
