package guardrails.directorytrust;

import guardrails.shared.directory.Trust;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every AWS call G2 makes, paged, mapped to domain records. */
public interface TrustGateway {

    /** A directory's id, DNS name and type (MicrosoftAD, ADConnector, SimpleAD, SharedMicrosoftAD). */
    record DirectoryInfo(String directoryId, String name, String type) {
    }

    /** DescribeDirectories, paged. */
    Map<String, DirectoryInfo> directories();

    /** DescribeWorkspaceDirectories, paged: the ids registered with WorkSpaces. */
    Set<String> registeredDirectoryIds();

    /** DescribeTrusts with no filter, paged: every trust of the account in the region. */
    List<Trust> allTrusts();

    /** DescribeTrusts for one trust id; empty once it is gone. */
    Optional<Trust> trust(String trustId);

    /** DescribeConditionalForwarders: the remote domains the directory forwards, lower case. */
    Set<String> conditionalForwarders(String directoryId);

    /** DescribeWorkspaces by directory, paged. */
    List<DirectoryFacts.WorkspaceUser> workspaces(String directoryId);

    /** ListTagsForResource on the directory, paged. */
    Map<String, String> directoryTags(String directoryId);

    /**
     * DescribeTrails (shadow trails included: another home region's multi-region trail applies here too), then
     * GetTrailStatus and GetEventSelectors of each. A trail whose status cannot be read is unreadable, not missing;
     * when the trails cannot be listed at all, one unreadable entry stands for them.
     */
    List<TrailFacts> trails();
}
