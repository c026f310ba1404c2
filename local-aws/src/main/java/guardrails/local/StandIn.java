package guardrails.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A wire-level stand-in in front of moto: it serves the operations moto 5.2.1 lacks (it answers
 * them with a 500: DescribeWorkspaceBundles, DescribeConditionalForwarders, GetInventory, DeregisterManagedInstance,
 * the Directory Service Data API), may amend moto's answers (a trust moto can only show as "Creating"), and forwards
 * everything else untouched. What it makes up or amends is held to botocore's models ({@link ServiceModels}). It
 * also records every call by operation name, so tests and benchmarks count AWS calls at the wire.
 */
public final class StandIn implements AutoCloseable {

    /** What an operation answers: a status, a JSON body, and optional headers (e.g. x-amzn-errortype). */
    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply json(String body) {
            return new Reply(200, body, Map.of());
        }

        /** An AWS JSON-protocol error, as the SDKs parse it. */
        public static Reply error(int status, String type, String message, String extraJsonFields) {
            String extra = extraJsonFields == null ? "" : "," + extraJsonFields;
            return new Reply(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"" + extra + "}",
                    Map.of("x-amzn-errortype", type));
        }
    }

    /** An AWS query-protocol error (SNS, SQS's query form, CloudWatch), as the SDKs parse it. */
    public static Reply queryError(int status, String code, String message) {
        return new Reply(status, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>",
                Map.of("Content-Type", "text/xml"));
    }

    /** An EC2 error (EC2's own query-protocol form, as the SDKs parse it). */
    public static Reply ec2Error(int status, String code, String message) {
        return new Reply(status, "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error></Errors><RequestID>stand-in</RequestID></Response>",
                Map.of("Content-Type", "text/xml"));
    }

    /**
     * A call as it arrived, for the operation's handler. {@code forward} sends it on to moto unchanged;
     * {@code accessKeyId} is the key its signature names (Authorization: ... Credential=KEY/...), "" when unsigned.
     */
    public record Call(String operation, String path, String body, Forwarder forward, String accessKeyId) {

        /** The request's form parameter (query protocol: Action=Publish&TopicArn=...), decoded; null when absent. */
        public String formParameter(String name) {
            for (String pair : body.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    @FunctionalInterface
    public interface Forwarder {
        Reply send();
    }

    @FunctionalInterface
    public interface Operation {
        Reply answer(Call call);
    }

    private static final Set<String> UNFORWARDED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    /** Alerts refused for their shape ({@link PublishedAlerts}), so a test can say why a publish failed. */
    private final ConcurrentLinkedQueue<String> badAlerts = new ConcurrentLinkedQueue<>();
    /** The email text of each alert published, by its Chatbot notification id: SNS delivers it to email only. */
    private final Map<String, String> emailTexts = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger callNumber = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger faultsInjected = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int faultEvery;
    private volatile long hangFor;
    private final java.util.concurrent.atomic.AtomicLong answeringNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger outage = new java.util.concurrent.atomic.AtomicInteger();

    private final ServiceModels models = ServiceModels.installed();
    /** Every call since the start as the IAM action it needs ("ds-data:DescribeUser"); never reset. */
    private final List<String> journal = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    private StandIn(HttpServer server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    /**
     * Every answer the stand-in made up or amended that AWS could not have given (botocore's model of the operation
     * says so), since the start. Each such answer was also replaced by a 500 naming the problem, so the call fails.
     */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public static StandIn inFrontOf(URI upstream) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            StandIn standIn = new StandIn(server, upstream);
            server.createContext("/", standIn::exchange);
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "stand-in");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the stand-in", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves an operation, named as {@link #operationOf} names it (e.g. "WorkspacesService.DescribeWorkspaceBundles"). */
    public void serve(String operation, Operation answer) {
        operations.put(operation, answer);
    }

    public void stopServing(String operation) {
        operations.remove(operation);
    }

    /** What was wrong with each alert the stand-in refused; empty when every published alert had its shape. */
    public List<String> badAlerts() {
        return List.copyOf(badAlerts);
    }

    /** The email text of the alert with this Chatbot notification id, as it was published; null if none. */
    public String emailText(String alertId) {
        return emailTexts.get(alertId);
    }

    /** Every call seen since the last {@link #resetCalls()}, by operation name, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void resetCalls() {
        calls.clear();
        answeringNanos.set(0);
    }

    /** Time spent answering calls (the emulator's and the stand-in's own), since the last reset: benchmarks take it out. */
    public long answeringNanos() {
        return answeringNanos.get();
    }

    /**
     * From now on every {@code n}th call fails as AWS fails under load, in turn: throttled (ThrottlingException,
     * RequestLimitExceeded or Throttling, in the call's protocol), 500 and 503. 0 stops the faults.
     */
    public void failEvery(int n) {
        faultEvery = n;
        callNumber.set(0);
        faultsInjected.set(0);
    }

    /** The next {@code n} calls all fail (an outage longer than the SDK's retries), then calls pass again. */
    public void failNext(int n) {
        outage.set(n);
        faultsInjected.set(0);
    }

    /** Makes every fourth fault a hang of this many milliseconds (0: no hangs). */
    public void withTimeouts(long millis) {
        hangFor = millis;
    }

    public int faultsInjected() {
        return faultsInjected.get();
    }

    /**
     * A fault in the call's own protocol, so the SDK classifies it (throttling, retryable server error), or, when
     * {@link #withTimeouts} is on, a call that hangs past the client's attempt timeout before it is answered.
     */
    private Reply fault(HttpExchange exchange) {
        int kind = faultsInjected.getAndIncrement() % (hangFor > 0 ? 4 : 3);
        if (kind == 3) {
            // A call that hangs and is never processed (the client gives up first). A call that is processed
            // after the client gave up is not injected: for SNS that is a duplicate no client can prevent.
            try {
                Thread.sleep(hangFor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.error(503, "ServiceUnavailable", "injected hang", null);
        }
        boolean json = exchange.getRequestHeaders().containsKey("X-Amz-Target")
                || exchange.getRequestURI().getPath().startsWith("/Users/");
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (kind == 0 && json) {
            return Reply.error(400, "ThrottlingException", "Rate exceeded (injected)", null);
        }
        if (kind == 0 && auth.contains("/ec2/")) {
            return new Reply(503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit"
                    + " exceeded (injected)</Message></Error></Errors><RequestID>injected</RequestID></Response>",
                    Map.of("Content-Type", "text/xml"));
        }
        if (kind == 0) {
            return new Reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate"
                    + " exceeded (injected)</Message></Error><RequestId>injected</RequestId></ErrorResponse>",
                    Map.of("Content-Type", "text/xml"));
        }
        return Reply.error(kind == 1 ? 500 : 503, kind == 1 ? "InternalFailure" : "ServiceUnavailable",
                "injected", null);
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String operation = operationOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestURI().getPath(), text);
            calls.add(operation);
            journal.add(iamAction(operation, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            Forwarder forward = () -> forward(exchange, body);
            Operation served = operations.get(operation);
            int every = faultEvery;
            long started = System.nanoTime();
            Reply reply;
            boolean faulted = false;
            String badAlert = "Publish".equals(operation) ? PublishedAlerts.problem(text) : null;
            if ("Publish".equals(operation) && badAlert == null) {
                PublishedAlerts.emailText(text).ifPresent(email -> emailTexts.put(email.getKey(), email.getValue()));
            }
            try {
                if (badAlert != null) {
                    // Every alert of every rule the tests reach is held to its shape: a bad one fails its publish.
                    badAlerts.add(badAlert);
                    reply = new Reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code>"
                            + "<Message>stand-in: " + badAlert.replace("<", "(").replace("&", "+") + "</Message>"
                            + "</Error><RequestId>stand-in</RequestId></ErrorResponse>", Map.of("Content-Type",
                            "text/xml"));
                } else if (outage.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                        || (every > 0 && callNumber.incrementAndGet() % every == 0)) {
                    faulted = true;
                    reply = fault(exchange);
                } else {
                    reply = served != null ? served.answer(new Call(operation, exchange.getRequestURI().toString(),
                            text, forward, accessKeyOf(exchange.getRequestHeaders().getFirst("Authorization"))))
                            : DYNAMODB_WRITES.contains(operation) ? atomically(forward) : forward.send();
                }
            } catch (RuntimeException e) {
                reply = Reply.error(500, "InternalFailure", "stand-in: " + e.getMessage(), null);
            }
            if (served != null || faulted) { // what the stand-in made up or amended, not moto's own answers
                try {
                    reply = heldToTheModel(operation, exchange, reply);
                } catch (RuntimeException e) { // never a dropped connection: say what went wrong
                    violations.add(operation + ": could not be held to its model: " + e.getMessage());
                    reply = Reply.error(500, "InternalFailure", "stand-in: " + e.getMessage(), null);
                }
            }
            answeringNanos.addAndGet(System.nanoTime() - started);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
                exchange.getResponseHeaders().add("Content-Type", reply.body().startsWith("<")
                        ? "text/xml" : "application/x-amz-json-1.1");
            }
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** The reply, if AWS could have given it for this operation; else a 500 that says why not. */
    private Reply heldToTheModel(String operation, HttpExchange exchange, Reply reply) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        java.util.Optional<ServiceModels.Operation> op = models.operationOf(operation)
                .or(() -> models.operationOf(exchange.getRequestMethod(), operation))
                .or(() -> queryService(auth).map(service -> new ServiceModels.Operation(service, operation)));
        if (op.isEmpty()) {
            return reply;
        }
        String code = reply.status() < 400 ? null : errorCode(reply);
        String body = reply.body().strip().startsWith("<") ? null : reply.body();
        if (reply.status() < 400 && body == null) {
            return reply; // a query-protocol success: XML, not held here
        }
        List<String> problems = models.violations(op.get(), reply.status(), code, body);
        if (problems.isEmpty()) {
            return reply;
        }
        violations.addAll(problems);
        String said = String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : "");
        return Reply.error(500, "InternalFailure", "stand-in answer AWS could not give: " + said.replace("\"", "'"),
                null);
    }

    public int journalSize() {
        return journal.size();
    }

    /**
     * DynamoDB applies a conditional write atomically; moto evaluates the condition and writes in two steps, so two
     * concurrent claims of one finding could both succeed there. Its writes are passed on one at a time.
     */
    private static final Set<String> DYNAMODB_WRITES = Set.of("DynamoDB_20120810.PutItem",
            "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.DeleteItem", "DynamoDB_20120810.BatchWriteItem");
    private final Object dynamoDbWrites = new Object();

    private Reply atomically(Forwarder forward) {
        synchronized (dynamoDbWrites) {
            return forward.send();
        }
    }

    /** The IAM actions of the calls made since {@code mark} (a {@link #journalSize()}). */
    public List<String> journalSince(int mark) {
        return List.copyOf(journal.subList(mark, journal.size()));
    }

    /**
     * The IAM action a call needs: its signing service (which is the IAM prefix of every service we call) and its
     * operation's name.
     */
    private String iamAction(String operation, String authorization) {
        String service = queryService(authorization).orElse("unknown");
        int dot = operation.lastIndexOf('.'); // CloudTrail's target is com.amazonaws.cloudtrail.v20131101.…
        String name = dot > 0 ? operation.substring(dot + 1)
                : models.operationOf(operation).map(ServiceModels.Operation::name).orElse(operation);
        return service + ":" + name;
    }

    /** The signing service of a query-protocol call (Credential=…/us-east-1/sns/aws4_request). */
    private static java.util.Optional<String> queryService(String authorization) {
        java.util.regex.Matcher scope = java.util.regex.Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")
                .matcher(authorization);
        return scope.find() ? java.util.Optional.of(scope.group(1)) : java.util.Optional.empty();
    }

    private static String errorCode(Reply reply) {
        String header = reply.headers().get("x-amzn-errortype");
        if (header != null) {
            return header;
        }
        java.util.regex.Matcher xml = java.util.regex.Pattern.compile("<Code>([^<]+)</Code>").matcher(reply.body());
        if (xml.find()) {
            return xml.group(1);
        }
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("\"__type\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(reply.body());
        return json.find() ? json.group(1) : "unknown";
    }

    private Reply forward(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new java.util.HashMap<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (!values.isEmpty() && !lower.equals("content-length") && !lower.equals("transfer-encoding")
                        && !lower.equals("connection") && !lower.equals("date") && !lower.equals("server")) {
                    headers.put(name, values.get(0));
                }
            });
            return new Reply(response.statusCode(), response.body(), headers);
        } catch (IOException e) {
            return Reply.error(503, "ServiceUnavailable", "emulator unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "ServiceUnavailable", "interrupted", null);
        }
    }

    /**
     * The operation a request calls: the X-Amz-Target of JSON protocols ("DynamoDB_20120810.PutItem"), the
     * Action of query protocols ("Action=DescribeSubnets" -> "DescribeSubnets"), else the REST path
     * ("/Users/DescribeUser" for the Directory Service Data API).
     */
    /** The access key of a SigV4 Authorization header ("AWS4-HMAC-SHA256 Credential=KEY/date/...", ...). */
    static String accessKeyOf(String authorization) {
        if (authorization == null || !authorization.contains("Credential=")) {
            return "";
        }
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        return credential.substring(0, Math.max(0, credential.indexOf('/')));
    }

    static String operationOf(String target, String path, String body) {
        if (target != null && !target.isBlank()) {
            return target;
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
