package guardrails.workspacecreation;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Every AWS call G1 makes, as the rules need them: batched, paged, mapped to domain records. */
public interface WorkspaceCreationGateway {

    /** DescribeWorkspaces, 25 ids a call. WorkSpaces not visible yet are simply absent. */
    List<Workspace> describeWorkspaces(Collection<String> workspaceIds);

    /**
     * DescribeWorkspaces with no filter, paged: every WorkSpace of the account in the region (the audit judges the
     * ones that exist today, without an event). Terminated and terminating ones are left out.
     */
    List<Workspace> allWorkspaces();

    /** DescribeWorkspaceDirectories and DescribeDirectories (batched), DescribeTrusts (paged, once a directory). */
    Map<String, Directory> describeDirectories(Collection<String> directoryIds);

    /** DescribeWorkspaceBundles by id, and DescribeWorkspaceImages for bundles whose name does not say the OS. */
    Map<String, Bundle> describeBundles(Collection<String> bundleIds);

    /** The Windows bundles this account can use (Amazon's and its own), paged. */
    List<Bundle> windowsBundles();

    /**
     * ds-data DescribeUser with Realm = each trusted domain of the directory, then, when one has the name, in the
     * directory's own domain.
     */
    UserLookup lookupUser(Directory directory, String userName);

    Map<String, String> workspaceTags(String workspaceId);

    /** TerminateWorkspaces; idempotent: a WorkSpace already gone is success. Returns what was done. */
    String terminate(String workspaceId);
}
