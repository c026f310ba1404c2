package guardrails.__PACKAGE__;

import guardrails.shared.priming.Priming;
import java.util.List;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/** __NUMBER__'s AWS calls (botocore's workspaces/2015-04-08/service-2.json). */
public final class Aws__PREFIX__Gateway implements __PREFIX__Gateway {

    /** The IAM actions this gateway calls; a test holds them against the function's policy in template.yaml. */
    public static final List<String> IAM_ACTIONS = List.of("workspaces:DescribeWorkspaceDirectories");

    private final WorkSpacesClient workspaces;

    public Aws__PREFIX__Gateway(WorkSpacesClient workspaces) {
        this.workspaces = workspaces;
    }

    /** SnapStart priming: every call this gateway makes, on a client that sends nothing ({@link Priming#offline}). */
    public static Runnable[] primingCalls(String region) {
        var gateway = new Aws__PREFIX__Gateway(Priming.offline(WorkSpacesClient.builder(), region));
        return new Runnable[] {gateway::directories};
    }

    @Override
    public List<Directory> directories() {
        return workspaces.describeWorkspaceDirectoriesPaginator(r -> { }).directories().stream()
                .map(d -> new Directory(d.directoryId(), d.directoryName(), d.stateAsString())).toList();
    }
}
