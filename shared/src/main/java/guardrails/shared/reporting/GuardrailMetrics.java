package guardrails.shared.reporting;

import com.amazonaws.services.lambda.runtime.Context;
import guardrails.shared.config.Guardrails;
import java.util.Map;
import java.util.TreeMap;
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
        COUNT(MetricUnit.COUNT), PERCENT(MetricUnit.PERCENT);

        private final MetricUnit powertools;

        Unit(MetricUnit powertools) {
            this.powertools = powertools;
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

    /** One data point with exactly these dimensions, written at once. */
    public void put(String name, double value, Unit unit, Map<String, String> dimensions) {
        metrics.flushSingleMetric(name, value, unit.powertools, namespace, DimensionSet.of(new TreeMap<>(dimensions)));
    }

    /** Powertools' ColdStart metric (function name and service), on a cold start only. */
    public void coldStart(Context context) {
        metrics.setNamespace(namespace);
        metrics.captureColdStartMetric(context);
    }
}
