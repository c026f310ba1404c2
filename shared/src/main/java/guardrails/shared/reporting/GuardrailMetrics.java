package guardrails.shared.reporting;

import com.amazonaws.services.lambda.runtime.Context;
import guardrails.shared.config.Guardrails;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloudWatch metrics in the Embedded Metric Format, through Powertools metrics: one EMF line on standard output per
 * data point, which CloudWatch Logs turns into a metric (no API call, no IAM). Each data point carries exactly its own
 * dimension set (the dashboard's SEARCH names it), not Powertools' default Service dimension. Outside Lambda the EMF
 * library must be told it runs as in Lambda (AWS_EMF_ENVIRONMENT=Lambda: the local runner and the tests set it), or
 * it looks for a CloudWatch agent.
 */
public class GuardrailMetrics {

    public enum Unit {
        COUNT(MetricUnit.COUNT, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT),
        PERCENT(MetricUnit.PERCENT, software.amazon.cloudwatchlogs.emf.model.Unit.PERCENT);

        private final MetricUnit powertools;
        private final software.amazon.cloudwatchlogs.emf.model.Unit emf;

        Unit(MetricUnit powertools, software.amazon.cloudwatchlogs.emf.model.Unit emf) {
            this.powertools = powertools;
            this.emf = emf;
        }
    }

    private final Metrics metrics;
    private final String namespace;

    public GuardrailMetrics(Metrics metrics, String namespace) {
        this.metrics = metrics;
        this.namespace = namespace;
    }

    /** Lambda's: Powertools' metrics instance (a CRaC resource itself, primed before a snapshot), our namespace. */
    public static GuardrailMetrics standardOutput() {
        return new GuardrailMetrics(MetricsFactory.getMetricsInstance(), Guardrails.METRICS_NAMESPACE);
    }

    /** For SnapStart priming's pipeline runs: data points go nowhere ({@link #primeRendering} warms the writing). */
    public static GuardrailMetrics discarding() {
        return new GuardrailMetrics(null, Guardrails.METRICS_NAMESPACE) {
            @Override
            public void put(String name, double value, Unit unit, Map<String, String> dimensions) {
                // nothing: a priming run must make no metric
            }

            @Override
            public void coldStart(Context context) {
                // nothing
            }
        };
    }

    /** One data point with exactly these dimensions, written at once. */
    public void put(String name, double value, Unit unit, Map<String, String> dimensions) {
        metrics.flushSingleMetric(name, value, unit.powertools, namespace, DimensionSet.of(new TreeMap<>(dimensions)));
    }

    /**
     * For SnapStart priming: renders one data point as the EMF library renders what Powertools flushes (its static
     * Jackson serializer and model) and finds its environment and sink, without writing anything, so no metric comes
     * of it.
     */
    public static void primeRendering() {
        try {
            MetricsContext context = new MetricsContext();
            context.setNamespace(Guardrails.METRICS_NAMESPACE);
            context.putDimension(software.amazon.cloudwatchlogs.emf.model.DimensionSet.of("Guardrail", "priming"));
            context.putMetric("Priming", 1, Unit.COUNT.emf);
            context.serialize();
            // The environment (Lambda, from its variables; cached by the library) and its sink, as a flush finds them.
            var environment = new EnvironmentProvider().resolveEnvironment().getNow(null);
            if (environment != null) {
                environment.getSink();
            }
        } catch (Exception e) {
            // priming only: the first flush pays for it instead
        }
    }

    /** Powertools' ColdStart metric (function name and service), on a cold start only. */
    public void coldStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }
}
