package guardrails.shared.findings;

/** How urgently an operator must act. Ordered: a later constant is more severe. */
public enum Severity { INFO, WARNING, CRITICAL }
