package guardrails.subnetcapacity;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * G3's decisions, free of AWS types: a subnet's level, and when a change of level is news (both ways).
 */
public final class SubnetCapacityRules {

    public static final String GUARDRAIL = "G3-subnet-capacity";

    /** The findings that say a problem is gone: they resolve the guardrail's Security Hub findings on the resource. */
    public static boolean isRecovery(Finding f) {
        return f.rule().equals("SUBNET_CAPACITY") && f.severity() == Severity.INFO;
    }

    static final String F6 = "Every WorkSpace takes one IP address (an ENI) in a subnet of its directory; when the"
            + " directory's subnets run out, new WorkSpaces fail to create.";

    private SubnetCapacityRules() {
    }

    /**
     * A finding when the subnet's level differs from the level last reported; none otherwise. A subnet first seen
     * at OK is not news.
     *
     * @param directoryId          the WorkSpaces directory the subnet serves, null for a subnet watched by tag
     * @param freeAcrossDirectory  free addresses in all the directory's subnets: how many more WorkSpaces fit
     */
    public static Optional<Finding> levelChange(SubnetCapacity subnet, String directoryId,
                                                Optional<SubnetCapacity.Level> previous, SubnetCapacity.Level level,
                                                OptionalDouble daysToFull, int freeAcrossDirectory) {
        if (previous.map(p -> p == level).orElse(level == SubnetCapacity.Level.OK)) {
            return Optional.empty();
        }
        boolean recovered = level == SubnetCapacity.Level.OK;
        Severity severity = switch (level) {
            case OK -> Severity.INFO;
            case WARNING -> Severity.WARNING;
            case CRITICAL -> Severity.CRITICAL;
        };
        String usage = String.format(Locale.ROOT, "%d of %d usable addresses free (%.0f%% used)",
                subnet.available(), subnet.size(), subnet.usedPercent());
        String owner = directoryId == null ? "watched by tag" : "of directory " + directoryId;
        String room = directoryId == null ? ""
                : " The directory's subnets have " + freeAcrossDirectory + " free addresses in all: room for "
                + freeAcrossDirectory + " more WorkSpaces.";
        String trend = daysToFull.isPresent()
                ? String.format(Locale.ROOT, " At the last day's rate it is full in about %.1f days.",
                daysToFull.getAsDouble())
                : " No filling trend could be measured over the last day.";
        List<String> related = new ArrayList<>();
        if (directoryId != null) {
            related.add(directoryId);
        }
        return Optional.of(new Finding(GUARDRAIL, "SUBNET_CAPACITY", severity, subnet.subnetId(), related,
                recovered ? "Recovered: subnet " + subnet.subnetId() + " has " + usage
                        : title(subnet, level, daysToFull),
                "Subnet " + subnet.subnetId() + " (" + subnet.cidr() + ", " + owner + ") went from "
                        + previous.map(Enum::name).orElse("unseen") + " to " + level + ": " + usage + "." + room
                        + trend,
                F6,
                "None.",
                recovered ? "Nothing to do."
                        : "Before creating more WorkSpaces here, free addresses (terminate unused WorkSpaces, delete"
                        + " stray network interfaces: the command lists those attached to nothing) or register the"
                        + " directory with larger subnets in two supported Availability Zones.")
                .withCommands(recovered ? new String[0] : new String[] {strayInterfaces(subnet.subnetId())}));
    }

    /** Outcome first, then the figures: "Subnet subnet-… almost full: 2 of 27 addresses free, full in about 1 day". */
    static String title(SubnetCapacity subnet, SubnetCapacity.Level level, OptionalDouble daysToFull) {
        return "Subnet " + subnet.subnetId() + (level == SubnetCapacity.Level.CRITICAL ? " almost full: " : " filling up: ")
                + subnet.available() + " of " + subnet.size() + " addresses free"
                + (daysToFull.isPresent() ? String.format(Locale.ROOT, ", full in about %.0f days",
                Math.max(1, daysToFull.getAsDouble())) : "");
    }

    /** Network interfaces in the subnet attached to nothing ("available": ec2 DescribeNetworkInterfaces' status). */
    static String strayInterfaces(String subnetId) {
        return ShellCommand.of("aws", "ec2", "describe-network-interfaces", "--filters",
                "Name=subnet-id,Values=" + subnetId, "Name=status,Values=available", "--query",
                "NetworkInterfaces[].[NetworkInterfaceId,Description,RequesterId]", "--output", "table");
    }
}
