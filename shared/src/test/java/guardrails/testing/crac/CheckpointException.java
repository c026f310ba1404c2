package guardrails.testing.crac;

/** jdk.crac.CheckpointException's shape: what a failing beforeCheckpoint turns into. */
public class CheckpointException extends Exception {
}
