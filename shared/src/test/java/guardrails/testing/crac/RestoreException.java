package guardrails.testing.crac;

/** jdk.crac.RestoreException's shape. */
public class RestoreException extends Exception {
}
