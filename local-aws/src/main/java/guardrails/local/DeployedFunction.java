package guardrails.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deployed function as Lambda serves it, at the wire: GetFunctionConfiguration and Invoke (its path, with the
 * qualifier) run the function's real handler here, since moto's Invoke runs code in Docker. A handler that throws is
 * what Lambda answers for an unhandled error: 200, X-Amz-Function-Error: Unhandled, the error as the payload
 * (lambda/2015-03-31: InvokeResponse.FunctionError).
 */
public final class DeployedFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One invocation: the qualifier it named ("" for none) and its payload. */
    public record Invocation(String qualifier, String payload) {
    }

    private final String name;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile LocalInvoker handler;

    private DeployedFunction(String name, LocalInvoker handler) {
        this.name = name;
        this.handler = handler;
    }

    public static DeployedFunction serve(LocalAws aws, String name, LocalInvoker handler) {
        DeployedFunction function = new DeployedFunction(name, handler);
        for (String id : List.of(name, function.arn())) {
            aws.standIn().serve("/2015-03-31/functions/" + id + "/configuration", call -> StandIn.Reply.json(
                    JSON.createObjectNode().put("FunctionName", name).put("FunctionArn", function.arn())
                            .put("Runtime", "java21").toString()));
            aws.standIn().serve("/2015-03-31/functions/" + id + "/invocations", function::invoke);
        }
        return function;
    }

    public String arn() {
        return "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT + ":function:" + name;
    }

    /** From now on the function runs this handler (a deployment that fixed the cause). */
    public void deploy(LocalInvoker fixed) {
        this.handler = fixed;
    }

    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    private StandIn.Reply invoke(StandIn.Call call) {
        String qualifier = "";
        int query = call.path().indexOf("Qualifier=");
        if (query >= 0) {
            qualifier = call.path().substring(query + "Qualifier=".length()).split("&")[0];
        }
        invocations.add(new Invocation(qualifier, call.body()));
        try {
            String output = handler.invoke(call.body(), new PrintStream(OutputStream.nullOutputStream()));
            return new StandIn.Reply(200, output, Map.of("Content-Type", "application/json"));
        } catch (Exception failed) {
            String error = JSON.createObjectNode().put("errorType", failed.getClass().getSimpleName())
                    .put("errorMessage", String.valueOf(failed.getMessage())).toString();
            return new StandIn.Reply(200, error, Map.of("Content-Type", "application/json",
                    "X-Amz-Function-Error", "Unhandled"));
        }
    }
}
