package guardrails.shared.priming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client of the clients SnapStart priming uses to run every operation a function makes, mutating ones
 * included: it opens no connection and sends nothing, and answers each request with an empty success in the
 * request's protocol, so the SDK marshals, signs and unmarshals as it will for the real call. It is never given to
 * a client that handles an event ({@link Priming#offline}).
 */
final class OfflineHttpClient implements SdkHttpClient {

    /** How often each operation was answered so far, by name (TerminateWorkspaces, Publish, ...). */
    private static final Map<String, Integer> ANSWERED = new ConcurrentHashMap<>();

    static Map<String, Integer> answered() {
        return new TreeMap<>(ANSWERED);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return answer(request);
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    /**
     * An empty success: "{}" for the JSON protocols (WorkSpaces, Directory Service, its Data API, DynamoDB, SSM);
     * for the query protocols the operation's response element, named from the request's Action (EC2 answers with
     * it alone, SNS wraps the result in OperationResult).
     */
    static HttpExecuteResponse answer(HttpExecuteRequest request) throws IOException {
        var http = request.httpRequest();
        String contentType = http.firstMatchingHeader("Content-Type").orElse("");
        String body = "{}";
        // JSON 1.0/1.1 name the operation in X-Amz-Target (Service.Operation), rest-json in the path's last part.
        String target = http.firstMatchingHeader("X-Amz-Target").orElse(http.encodedPath());
        String operation = target.substring(Math.max(target.lastIndexOf('.'), target.lastIndexOf('/')) + 1);
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            String action = action(request);
            operation = action;
            body = http.host().startsWith("ec2.")
                    ? "<" + action + "Response/>"
                    : "<" + action + "Response><" + action + "Result/></" + action + "Response>";
            contentType = "text/xml";
        } else {
            contentType = contentType.isEmpty() ? "application/json" : contentType;
        }
        ANSWERED.merge(operation, 1, Integer::sum);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(200)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static String action(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return "Unknown";
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "Unknown";
    }

    @Override
    public String clientName() {
        return "Offline";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
