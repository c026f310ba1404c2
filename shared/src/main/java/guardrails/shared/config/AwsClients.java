package guardrails.shared.config;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients the one way every function uses: once per container (call from static init, so a
 * SnapStart snapshot holds them), one URL-connection HTTP client (smallest cold start; no Apache, no Netty),
 * region from the configuration (AWS_REGION), standard retries with backoff and bounded call times. The endpoint is left to the SDK, which reads
 * AWS_ENDPOINT_URL itself, so the same code runs against AWS and against the local emulator.
 */
public final class AwsClients {

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(20))
            .build();

    /** 10 s an attempt; the fault tests shorten it (guardrails.attemptTimeoutMillis) to inject timeouts quickly. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(Long.getLong("guardrails.attemptTimeoutMillis", 10_000));

    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder,
                                                                                             String region) {
        return build(builder, region, HTTP);
    }

    /**
     * A client of an API that uses HTTP PATCH (Security Hub's BatchUpdateFindings), which java.net's URL connection,
     * and so the URL-connection client, cannot send ("Invalid HTTP method: PATCH"): over Apache's client, built only
     * for that client, with the same timeouts and retries.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C buildForPatch(B builder,
                                                                                                    String region) {
        return build(builder, region, ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build());
    }

    /**
     * The same client over another HTTP client, with interceptors. SnapStart priming's offline clients
     * (priming.Priming#offline) are configured the same way, over an HTTP client that sends nothing.
     */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, String region, SdkHttpClient http, ExecutionInterceptor... interceptors) {
        return builder
                .httpClient(http)
                .region(Region.of(region))
                // STANDARD: 3 attempts with jittered exponential backoff, throttling errors retried. A call gives up
                // after 25 s (10 s an attempt), well inside the functions' 60 s timeout, so a stuck dependency fails
                // the invocation cleanly (claims given back, Lambda retries) instead of being killed mid-publish.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(Duration.ofSeconds(25))
                        .executionInterceptors(List.of(interceptors))
                        .build())
                .build();
    }
}
