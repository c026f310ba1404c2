package guardrails.shared.directory;

/** Directory Service's TrustDirection values: "One-Way: Outgoing", "One-Way: Incoming", "Two-Way". */
public enum TrustDirection {
    ONE_WAY_OUTGOING("One-Way: Outgoing"), ONE_WAY_INCOMING("One-Way: Incoming"), TWO_WAY("Two-Way"), UNKNOWN("unknown");

    private final String awsName;

    TrustDirection(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }

    public static TrustDirection parse(String value) {
        for (TrustDirection direction : values()) {
            if (direction.awsName.equalsIgnoreCase(value)) {
                return direction;
            }
        }
        return UNKNOWN;
    }
}
