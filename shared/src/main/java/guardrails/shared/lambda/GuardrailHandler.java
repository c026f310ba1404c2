package guardrails.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.priming.Priming;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * What every function's handler is: an adapter around one guardrail. Subclasses only wire the guardrail (a
 * no-arg constructor for Lambda, one taking the environment for the local runner, one taking the parts for tests).
 */
public abstract class GuardrailHandler implements RequestStreamHandler {

    private final LambdaAdapter adapter;
    private final Function<EventEnvelope, FindingReporter.Report> guardrail;

    protected GuardrailHandler(String name, Function<EventEnvelope, FindingReporter.Report> guardrail, GuardrailMetrics metrics,
                               Tenancy tenancy) {
        this.adapter = new LambdaAdapter(name, metrics, tenancy);
        this.guardrail = guardrail;
        Priming.register(adapter::prime);
    }

    /** The adapter around a guard built elsewhere (a descriptor's pipeline over parts): the same adapter. */
    public static GuardrailHandler over(String name, Function<EventEnvelope, FindingReporter.Report> guardrail,
                                        GuardrailMetrics metrics, Tenancy tenancy) {
        return new GuardrailHandler(name, guardrail, metrics, tenancy) {
        };
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        adapter.handle(input, output, context, guardrail);
    }
}
