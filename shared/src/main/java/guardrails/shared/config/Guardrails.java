package guardrails.shared.config;

/** Names every function shares. */
public final class Guardrails {
    /** CloudWatch namespace of the findings and remediations metrics (METRICS_NAMESPACE overrides). */
    public static final String METRICS_NAMESPACE =
            System.getenv().getOrDefault("METRICS_NAMESPACE", "WorkSpacesGuardrails");

    private Guardrails() {
    }
}
