package guardrails.workspacecreation;

import java.util.List;
import java.util.Map;

/**
 * Everything the rules need about one CreateWorkspaces event, gathered by the gateway.
 *
 * @param workspaces       the created WorkSpaces, as DescribeWorkspaces shows them
 * @param directories      their directories, by id
 * @param platforms        each WorkSpace's platform, by WorkSpace id
 * @param origins          each WorkSpace's user origin, by WorkSpace id
 * @param windowsBundles   the Windows bundles available, to name in alerts (empty unless needed)
 * @param failed           the requests CreateWorkspaces refused
 */
public record CreationFacts(List<Workspace> workspaces, Map<String, Directory> directories,
                            Map<String, Platform> platforms, Map<String, UserOrigin> origins,
                            List<Bundle> windowsBundles, List<FailedRequest> failed) {
}
