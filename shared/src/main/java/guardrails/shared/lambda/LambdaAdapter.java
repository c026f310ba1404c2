package guardrails.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.shared.Json;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.channels.ChatbotNotification;
import guardrails.shared.events.CloudTrailCall;
import guardrails.shared.events.EventEnvelope;
import guardrails.shared.events.UnusableEvent;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * What every handler does around its guardrail: read the event, set up structured logging with the event id as
 * correlation id, run the guardrail, write what it reported as JSON. An unusable event ends here as one structured
 * log line, one metric and a normal return ("ignored"), never as a stack trace or a retry.
 */
public final class LambdaAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaAdapter.class);

    /** Metric names the template's alarms watch. */
    public static final String SWEEPS_COMPLETED = "SweepsCompleted";
    public static final String UNUSABLE_EVENTS = "UnusableEvents";

    /** Powertools' key for the correlation id (its LambdaJsonLayout reads it from the MDC). */
    static final String CORRELATION_ID = "correlation_id";

    private final String guardrail;
    private final GuardrailMetrics metrics;
    private final Tenancy tenancy;

    public LambdaAdapter(String guardrail, GuardrailMetrics metrics, Tenancy tenancy) {
        this.guardrail = guardrail;
        this.metrics = metrics;
        this.tenancy = tenancy;
    }

    public void handle(InputStream input, OutputStream output, Context context,
                       Function<EventEnvelope, FindingReporter.Report> guard) throws IOException {
        JsonNode event;
        try {
            event = Json.parse(input.readAllBytes());
        } catch (JacksonException e) {
            // The parser's message quotes the input, which may hold a secret: keep only where it broke.
            var at = e.getLocation();
            write(output, ignored(new UnusableEvent(UnusableEvent.Reason.MALFORMED_JSON, "event is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"))));
            return;
        }
        // Powertools' Lambda context keys; the correlation id is the event's id, put as Powertools names it
        // (taken from the parsed event, rather than through a JMESPath expression over it).
        if (context != null) {
            metrics.coldStart(context); // before the logging set-up, which marks the cold start done
            PowertoolsLogging.initializeLogging(context);
        }
        MDC.put(CORRELATION_ID, correlationId(event));
        JsonNode result;
        try {
            EventEnvelope envelope = EventEnvelope.from(event);
            tenancy.refusal(envelope, context == null ? null : context.getInvokedFunctionArn()).ifPresent(why -> {
                throw new UnusableEvent(UnusableEvent.Reason.FOREIGN_ACCOUNT, why);
            });
            result = summary(envelope.id(), guard.apply(envelope));
            if (envelope.isSchedule()) {
                // The sweep's heartbeat: an alarm treats a missing one as a sweep that stopped running.
                metrics.put(SWEEPS_COMPLETED, 1, GuardrailMetrics.Unit.COUNT, Map.of("Guardrail", guardrail));
            }
        } catch (UnusableEvent unusable) {
            result = ignored(unusable);
        } catch (RuntimeException failure) {
            // One line that says a retry is coming; Lambda logs the trace itself.
            LOG.error("invocation failed; Lambda will retry it", entry("guardrail", guardrail),
                    entry("errorType", failure.getClass().getSimpleName()));
            throw failure;
        } finally {
            PowertoolsLogging.clearState(true);
            MDC.remove(CORRELATION_ID);
        }
        write(output, result);
    }

    /**
     * The side-effect-free part of every invocation, for SnapStart priming: read an event and a schedule, check
     * tenancy, render and serialise an alert, render (not write) a metric data point, write one log line. No AWS
     * call, no metric.
     */
    void prime() {
        try {
            JsonNode sample = Json.parse("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":"
                    + "\"AWS API Call via CloudTrail\",\"source\":\"aws.workspaces\",\"account\":\"000000000000\","
                    + "\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{"
                    + "\"eventName\":\"CreateWorkspaces\",\"eventSource\":\"workspaces.amazonaws.com\","
                    + "\"eventID\":\"priming\",\"eventTime\":\"2026-01-01T00:00:00Z\",\"requestParameters\":{},"
                    + "\"responseElements\":{\"pendingRequests\":[],\"failedRequests\":[]}}}");
            EventEnvelope envelope = EventEnvelope.from(sample);
            tenancy.refusal(envelope, "arn:aws:lambda:us-east-1:000000000000:function:priming");
            CloudTrailCall.from(envelope, "aws.workspaces", java.util.Set.of("CreateWorkspaces"));
            EventEnvelope.from(Json.parse("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":"
                    + "\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"000000000000\","
                    + "\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
                    + "\"detail\":{}}")).schedule();
            Finding finding = new Finding(guardrail, "PRIMING", Severity.INFO, "priming", java.util.List.of(), "t", "s",
                    "w", "a", "o");
            var context = new AlertChannel.AlertContext("000000000000", "us-east-1", "priming");
            ChatbotNotification.subject(finding);
            Json.parse(ChatbotNotification.body(finding, context));
            write(java.io.OutputStream.nullOutputStream(), summary("priming",
                    new FindingReporter.Report(java.util.List.of(finding), java.util.List.of())));
            GuardrailMetrics.primeRendering();
            PowertoolsLogging.clearState(true); // as every invocation ends
            // One line through Powertools' layout and the appender, so the restored function's first line is warm.
            LOG.info("primed before the snapshot", entry("guardrail", guardrail));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode ignored(UnusableEvent unusable) {
        LOG.warn("event ignored", entry("guardrail", guardrail), entry("reason", unusable.reason().name()),
                entry("detail", unusable.getMessage()));
        // By reason, to see why; and by guardrail alone, which its alarm watches (a CloudTrail shape change or a
        // mis-wired rule shows as a run of these).
        metrics.put(UNUSABLE_EVENTS, 1, GuardrailMetrics.Unit.COUNT,
                Map.of("Guardrail", guardrail, "Reason", unusable.reason().name()));
        metrics.put(UNUSABLE_EVENTS, 1, GuardrailMetrics.Unit.COUNT, Map.of("Guardrail", guardrail));
        ObjectNode summary = Json.object();
        summary.put("status", "ignored");
        summary.put("reason", unusable.reason().name());
        summary.put("detail", unusable.getMessage());
        return summary;
    }

    private static void write(OutputStream output, JsonNode result) throws IOException {
        output.write(Json.write(result, true));
        output.flush();
    }

    /** The event's id, the logs' correlation id; bounded, since a bad event can carry anything there. */
    private static String correlationId(JsonNode event) {
        String id = event.path("id").asText("");
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    /** Field by field: Jackson's bean introspection of a record costs tens of milliseconds on a cold start. */
    static ObjectNode json(Finding finding) {
        ObjectNode node = Json.object();
        node.put("guardrail", finding.guardrail());
        node.put("rule", finding.rule());
        node.put("severity", finding.severity().name());
        node.put("resourceId", finding.resourceId());
        finding.related().forEach(node.putArray("related")::add);
        node.put("title", finding.title());
        node.put("seen", finding.seen());
        node.put("whyItMatters", finding.whyItMatters());
        node.put("actionTaken", finding.actionTaken());
        node.put("operatorAction", finding.operatorAction());
        finding.commands().forEach(node.putArray("commands")::add);
        return node;
    }

    /** What a guardrail reported, as the handler's return value (and the local runner's output). */
    static ObjectNode summary(String eventId, FindingReporter.Report report) {
        ObjectNode summary = Json.object();
        summary.put("status", "handled");
        summary.put("eventId", eventId);
        var findings = summary.putArray("findings");
        report.published().forEach(f -> findings.add(json(f)));
        var repeats = summary.putArray("alreadyReported");
        report.alreadyReported().forEach(repeats::add);
        return summary;
    }
}
