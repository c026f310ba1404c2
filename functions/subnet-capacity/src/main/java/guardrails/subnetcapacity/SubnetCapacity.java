package guardrails.subnetcapacity;

/**
 * Free addresses in a subnet that WorkSpaces draw ENIs from (F6: every WorkSpace takes one IP in a subnet of its
 * directory). AWS reserves five addresses in every subnet, so a /27 holds 32 - 5 = 27.
 */
public record SubnetCapacity(String subnetId, String cidr, int available) {

    public int size() {
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        return (1 << (32 - prefix)) - 5;
    }

    public int used() {
        return Math.max(0, size() - available);
    }

    public double usedPercent() {
        return size() <= 0 ? 100.0 : 100.0 * used() / size();
    }

    public Level level(Thresholds thresholds) {
        if (available <= thresholds.criticalFree() || usedPercent() >= thresholds.criticalUsedPercent()) {
            return Level.CRITICAL;
        }
        if (available <= thresholds.warningFree() || usedPercent() >= thresholds.warningUsedPercent()) {
            return Level.WARNING;
        }
        return Level.OK;
    }

    public enum Level { OK, WARNING, CRITICAL }

    /** A subnet is at the stricter of the two levels its free count and its used percentage give. */
    public record Thresholds(int warningFree, int criticalFree, double warningUsedPercent, double criticalUsedPercent) {
        public static final Thresholds DEFAULT = new Thresholds(8, 3, 75.0, 90.0);

        /** SUBNET_WARNING_FREE, SUBNET_CRITICAL_FREE, SUBNET_WARNING_USED_PERCENT, SUBNET_CRITICAL_USED_PERCENT. */
        public static Thresholds fromEnvironment(java.util.Map<String, String> env) {
            try {
                return new Thresholds(
                        Integer.parseInt(env.getOrDefault("SUBNET_WARNING_FREE", "" + DEFAULT.warningFree()).trim()),
                        Integer.parseInt(env.getOrDefault("SUBNET_CRITICAL_FREE", "" + DEFAULT.criticalFree()).trim()),
                        Double.parseDouble(env.getOrDefault("SUBNET_WARNING_USED_PERCENT",
                                "" + DEFAULT.warningUsedPercent()).trim()),
                        Double.parseDouble(env.getOrDefault("SUBNET_CRITICAL_USED_PERCENT",
                                "" + DEFAULT.criticalUsedPercent()).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("subnet thresholds must be numbers: " + e.getMessage());
            }
        }
    }
}
