package guardrails.cli;

import guardrails.bench.FunctionJar;
import guardrails.local.FieldKit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import guardrails.local.AlertInbox;
import guardrails.local.CloudTrailEvents;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.Template;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each deployable jar as Lambda's Java runtime runs it: AWS's runtime interface client (what the java21 runtime and
 * base images run), with the handler string from template.yaml, against a small implementation of the Lambda Runtime
 * API on loopback (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html: next invocation and its headers,
 * response, errors). The closest this machine gets to `sam local invoke` without Docker.
 */
class RuntimeInterfaceClientTest {

    static final LocalAws AWS = LocalAws.shared();
    static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    static List<FieldKit> cases() {
        return FieldKit.all();
    }

    /** The Runtime API: hands out one event, then keeps the client waiting; records what the client posts back. */
    static final class RuntimeApi implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<String> responses = new ArrayBlockingQueue<>(4);
        volatile boolean handedOut;

        RuntimeApi(String event, String functionArn) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/2018-06-01/runtime/invocation/next", exchange -> {
                if (handedOut) {
                    waitThenClose(exchange); // no second event: the test stops the process
                    return;
                }
                handedOut = true;
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
                headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
                headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700");
                // The runtime interface client's native part reads these two as well (it crashes without them).
                headers.add("Lambda-Runtime-Client-Context", "{}");
                headers.add("Lambda-Runtime-Cognito-Identity", "{}");
                headers.add("Content-Type", "application/json");
                reply(exchange, 200, event);
            });
            server.createContext("/2018-06-01/runtime/invocation/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                responses.offer(exchange.getRequestURI().getPath().endsWith("/response") ? body : "ERROR " + body);
                reply(exchange, 202, "{}");
            });
            server.createContext("/2018-06-01/runtime/init/error", exchange -> {
                responses.offer("INIT ERROR " + new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                reply(exchange, 202, "{}");
            });
            server.start();
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private static void reply(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        private static void waitThenClose(HttpExchange exchange) {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The runtime interface client and the serialization library it needs, from this test's class path. */
    static String runtimeClientClasspath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")
                        || entry.contains("aws-lambda-java-serialization"))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow(() -> new AssertionError("the runtime interface client is not on the test class path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachJarHandlesItsFieldEventUnderLambdasRuntimeClient(FieldKit c) throws Exception {
        AWS.reset();
        LocalAws.Deployment deployment = AWS.deploy("REMEDIATE");
        String event = c.arrange(FieldScenario.seed(AWS));
        Template.Function function = Template.load().function(c.function());
        FunctionJar jar = new FunctionJar(function, AWS, deployment);
        String arn = "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT + ":function:" + c.function();

        try (RuntimeApi api = new RuntimeApi(event, arn)) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED"));
            command.addAll(FunctionJar.LAMBDA_FLAGS);
            command.addAll(List.of("-cp", jar.jar + File.pathSeparator + runtimeClientClasspath(),
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", function.handler()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            var env = builder.environment();
            env.putAll(jar.environment);
            env.put("POWERTOOLS_LOG_LEVEL", "INFO");
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_LAMBDA_FUNCTION_NAME", c.function());
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            env.put("_HANDLER", function.handler());
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"); // a cold start without SnapStart
            Process process = builder.start();
            StringBuffer output = new StringBuffer();
            // Line by line as the function writes them, so that its log lines can be awaited before it is stopped.
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        output.append(line).append('\n');
                    }
                } catch (IOException stopped) {
                    // the process was stopped
                }
            });
            String response;
            try {
                response = api.responses.poll(60, TimeUnit.SECONDS);
                // The response can reach the runtime API before the log line leaves the process (a loaded machine):
                // give it a few seconds rather than stop the function first.
                for (int waited = 0; response != null && waited < 100
                        && !output.toString().contains("finding reported"); waited++) {
                    Thread.sleep(100);
                }
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(5_000);
            }

            assertNotNull(response, "no response within 60 s: " + output);
            assertFalse(response.startsWith("ERROR") || response.startsWith("INIT ERROR"), response + "\n" + output);
            JsonNode result = CloudTrailEvents.parse(response);
            assertEquals("handled", result.path("status").asText(), result.toString());
            assertEquals(c.expectedRules().stream().sorted().toList(), deployment.inbox().drain().stream()
                    .map(AlertInbox.Alert::rule).sorted().toList());

            List<JsonNode> lines = output.toString().lines().filter(l -> l.startsWith("{"))
                    .map(CloudTrailEvents::parse).toList();
            JsonNode reported = lines.stream().filter(l -> "finding reported".equals(l.path("message").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no finding line in:\n" + output));
            assertEquals(c.function(), reported.path("function_name").asText(), reported.toString());
            assertEquals(REQUEST_ID, reported.path("function_request_id").asText(), reported.toString());
            assertEquals("workspaces-guardrails", reported.path("service").asText(), reported.toString());
            assertTrue(reported.path("cold_start").asBoolean(), "the first invocation is a cold start: " + reported);
            String eventId = CloudTrailEvents.parse(event).path("id").asText();
            assertTrue(lines.stream().anyMatch(l -> eventId.equals(l.path("correlation_id").asText())),
                    "the event id is the correlation id: " + output);
            assertFalse(output.toString().contains("StatusLogger") || output.toString().contains("reserved key"),
                    output.toString());
        }
    }
}
