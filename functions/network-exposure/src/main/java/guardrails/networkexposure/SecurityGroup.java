package guardrails.networkexposure;

import java.util.List;

/**
 * A security group as G5 judges it: what it is to the directories (from Directory Service's and WorkSpaces' own
 * answers, never from its name) and its inbound rules.
 *
 * @param directoryId the directory whose controllers or WorkSpaces use it; null for {@link Role#OTHER}
 * @param exempt      tagged {@code guardrails:exempt = true}
 */
public record SecurityGroup(String id, String name, String vpcId, Role role, String directoryId,
                            List<IngressRule> ingress, boolean exempt) {

    /** What a group is to the WorkSpaces estate. */
    public enum Role {
        /** An AWS Managed Microsoft AD's d-…_controllers group (DescribeDirectories VpcSettings.SecurityGroupId). */
        CONTROLLERS,
        /** A WorkSpaces directory's d-…_workspacesMembers group (DescribeWorkspaceDirectories). */
        WORKSPACES_MEMBERS,
        OTHER
    }

    public SecurityGroup {
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
    }

    public SecurityGroup withRole(Role role, String directoryId) {
        return new SecurityGroup(id, name, vpcId, role, directoryId, ingress, exempt);
    }

    /** "sg-0123 (d-1234567890_controllers)". */
    public String label() {
        return name == null || name.isBlank() ? id : id + " (" + name + ")";
    }
}
