package guardrails.__PACKAGE__;

/** A WorkSpaces directory as __NUMBER__ reads it (DescribeWorkspaceDirectories). */
public record Directory(String directoryId, String name, String state) {
}
