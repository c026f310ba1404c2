package guardrails.testing.crac;

/** jdk.crac.Resource's shape: org.crac dispatches to a package of this shape (system property org.crac.Core.Compat). */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
