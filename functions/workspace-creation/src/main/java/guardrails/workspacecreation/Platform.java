package guardrails.workspacecreation;

/** What a WorkSpace runs. F2 splits the world in two: Windows works for trusted-domain users, the rest does not. */
public enum Platform {
    WINDOWS, NON_WINDOWS, UNKNOWN;

    /** From DescribeWorkspaces' WorkspaceProperties.OperatingSystemName (WINDOWS_10, AMAZON_LINUX_2, UBUNTU_22_04…). */
    public static Platform fromOperatingSystemName(String name) {
        if (name == null || name.isBlank() || name.startsWith("UNKNOWN")) {
            return UNKNOWN;
        }
        return name.startsWith("WINDOWS") ? WINDOWS : NON_WINDOWS;
    }

    /** From a bundle's name or description, e.g. "Value with Amazon Linux 2", "Standard with Windows 10". */
    public static Platform fromBundleText(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("windows")) {
            return WINDOWS;
        }
        if (lower.contains("linux") || lower.contains("ubuntu") || lower.contains("rocky")
                || lower.contains("red hat") || lower.contains("rhel")) {
            return NON_WINDOWS;
        }
        return UNKNOWN;
    }

    /** From DescribeWorkspaceImages' OperatingSystem.Type (WINDOWS | LINUX), for custom bundles. */
    public static Platform fromImageType(String type) {
        if ("WINDOWS".equals(type)) {
            return WINDOWS;
        }
        return "LINUX".equals(type) ? NON_WINDOWS : UNKNOWN;
    }
}
