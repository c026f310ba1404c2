package guardrails.shared.priming;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming (the template publishes versions with SnapStart): before the snapshot, each handler runs the
 * side-effect-free part of an invocation and every AWS operation it makes on clients that send nothing, so the
 * restored function starts with those classes loaded and warm.
 * CRaC holds resources weakly: the registry here keeps them alive.
 */
public final class Priming implements Resource {

    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
    private static final SdkHttpClient OFFLINE = new OfflineHttpClient();
    private static final StaticCredentialsProvider OFFLINE_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
    /** Powertools' key for the correlation id in the MDC, as the handlers put it (LambdaAdapter). */
    private static final String CORRELATION_ID = "correlation_id";
    /** As the real clients' (config.AwsClients), which the fault tests shorten (guardrails.attemptTimeoutMillis). */
    private static final Duration ATTEMPT_TIMEOUT =
            Duration.ofMillis(Long.getLong("guardrails.attemptTimeoutMillis", 10_000));

    private final Runnable prime;

    private Priming(Runnable prime) {
        this.prime = prime;
    }

    public static void register(Runnable prime) {
        Priming priming = new Priming(prime);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    /**
     * Registers calls run at the checkpoint: read-only AWS calls (one page of one item) that warm a real client's
     * request path down to HTTP, and every operation a function makes on an {@link #offline} client. A failure is
     * ignored: priming must never stop a snapshot.
     */
    public static void registerCalls(Runnable... calls) {
        register(() -> {
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException ignored) {
                    // the invocation will pay for this client's first call instead
                }
            }
        });
    }

    /**
     * A client configured as config.AwsClients configures the real one (region, standard retries, the same call
     * timeouts), over an HTTP client that sends nothing and answers every call with an empty success: priming runs
     * each operation a function makes through it, so the restored function's first calls find their marshalling,
     * signing and unmarshalling loaded and compiled, and the model classes of their answers initialized
     * ({@link ResponseShapes}). Never give it to code that handles an event.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C offline(B builder,
                                                                                               String region) {
        // Nothing is sent, so no real credentials are needed (and none are looked for): signing still runs.
        return builder.credentialsProvider(OFFLINE_CREDENTIALS)
                .httpClient(OFFLINE)
                .region(Region.of(region))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(Duration.ofSeconds(25))
                        .executionInterceptors(List.of(new ResponseShapes()))
                        .build())
                .build();
    }

    /** A schedule firing, for priming a sweep's pipeline. */
    public static ScheduledEvent sampleSchedule(String region) {
        return new ScheduledEvent().withId("priming").withAccount("000000000000").withRegion(region)
                .withSource("aws.events").withDetailType("Scheduled Event");
    }

    /** The operations run on offline clients so far, by name, with how often: what priming covered. */
    public static Map<String, Integer> offlineOperations() {
        return OfflineHttpClient.answered();
    }

    /** What a checkpoint would run; the benchmarks call it to measure a primed first invocation. */
    public static void primeAll() {
        REGISTERED.forEach(Priming::run);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        run();
    }

    /** What priming logs (a sample finding reported, at init) carries "priming" as its correlation id. */
    private void run() {
        MDC.put(CORRELATION_ID, "priming");
        try {
            prime.run();
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing captured at checkpoint needs renewing: clients hold no time or randomness
    }
}
