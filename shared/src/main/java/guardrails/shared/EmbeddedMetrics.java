package guardrails.shared;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON line on standard output per data point, which CloudWatch
 * Logs turns into a metric. No API call, no IAM, no library (the EMF library and Powertools metrics cost a
 * background thread and a few hundred classes at cold start). Shape from the specification:
 * docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public class EmbeddedMetrics {

    public enum Unit {
        COUNT("Count"), PERCENT("Percent");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private final String namespace;
    private final Supplier<PrintStream> out;
    private final Clock clock;

    public EmbeddedMetrics(String namespace, Supplier<PrintStream> out, Clock clock) {
        this.namespace = namespace;
        this.out = out;
        this.clock = clock;
    }

    /** Lambda's: the guardrails' namespace, standard output as it is at each call (the local runner swaps it). */
    public static EmbeddedMetrics standardOutput() {
        return new EmbeddedMetrics(Guardrails.METRICS_NAMESPACE, () -> System.out, Clock.systemUTC());
    }

    /** One data point with exactly these dimensions (the dashboard's SEARCH names the dimension set). */
    public void put(String name, double value, Unit unit, Map<String, String> dimensions) {
        ObjectNode line = Json.object();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", clock.millis())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", namespace);
        var names = directive.putArray("Dimensions").addArray();
        new java.util.TreeMap<>(dimensions).forEach((key, dimensionValue) -> {
            names.add(key);
            line.put(key, dimensionValue);
        });
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit.cloudWatchName);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            line.put(name, (long) value);
        } else {
            line.put(name, value);
        }
        out.get().println(Json.toString(line));
    }
}
