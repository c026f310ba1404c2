package guardrails.cli.audit;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.defenderdefinitions.DefenderGateway;
import guardrails.defenderdefinitions.DefenderPolicy;
import guardrails.defenderdefinitions.DefenderRules;
import guardrails.defenderdefinitions.DefenderStatus;
import guardrails.defenderdefinitions.WorkspaceNode;
import guardrails.shared.registry.Guardrail;
import guardrails.shared.config.AwsClients;
import guardrails.shared.directory.Trust;
import guardrails.shared.findings.Finding;
import guardrails.shared.lifecycle.DynamoDbRememberedStates;
import guardrails.shared.lifecycle.LifecycleStore;
import guardrails.shared.findings.Finding;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.subnetcapacity.SubnetCapacity;
import guardrails.subnetcapacity.SubnetGateway;
import guardrails.subnetcapacity.SubnetHistory;
import guardrails.directorytrust.TrustGateway;
import guardrails.workspacecreation.Workspace;
import guardrails.workspacecreation.WorkspaceCreationGateway;
import guardrails.workspacecreation.WorkspaceCreationRules;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code ./guardrails audit}: every guardrail's sweep, run once, read-only, against the account and Region the
 * environment points at (AWS credentials and AWS_REGION; AWS_ENDPOINT_URL for the emulator). The guardrails run as
 * deployed, on their own gateways and rules, with three parts swapped: a reporter in ALERT mode that collects instead
 * of publishing ({@link FindingReporter#auditing}), a ledger that remembers nothing and writes nowhere
 * ({@link AuditLedger}), and gateways that keep what they read for the charts and refuse their remediations
 * ({@link Observed}). The thresholds and policies are read from the same variables the functions read.
 */
public final class Audit {

    private final Map<String, String> env;
    private final String region;
    private final PrintStream progress;
    private final Clock clock;

    private Audit(Map<String, String> env, String region, PrintStream progress, Clock clock) {
        this.env = env;
        this.region = region;
        this.progress = progress;
        this.clock = clock;
    }

    /** Audits the account of the credentials the environment gives, in its Region. */
    public static AuditReport run(Map<String, String> env, PrintStream progress, Clock clock) {
        String region = Optional.ofNullable(env.get("AWS_REGION")).or(() -> Optional.ofNullable(
                env.get("AWS_DEFAULT_REGION"))).filter(r -> !r.isBlank()).orElseThrow(() ->
                new IllegalStateException("set AWS_REGION to the Region to audit"));
        return new Audit(env, region, progress, clock).run();
    }

    private AuditReport run() {
        String account = client(StsClient.builder()).getCallerIdentity().account();
        progress.println("Auditing account " + account + " in " + region + " (read-only)...");
        Instant now = clock.instant();
        ScheduledEvent schedule = new ScheduledEvent().withId("audit-" + now.getEpochSecond()).withAccount(account)
                .withRegion(region).withSource("aws.events").withDetailType("Scheduled Event");

        // Every guardrail's sweep, as its descriptor builds it, over observed gateways and a memory of nothing.
        Map<Class<?>, Observed<?>> observed = new HashMap<>();
        List<AuditReport.Section> sections = new ArrayList<>();
        for (Guardrail guardrail : Guardrail.all()) {
            List<Observed<?>> itsGateways = new ArrayList<>();
            Guardrail.Boundary boundary = new Guardrail.Boundary() {
                @Override
                public <T> T gateway(Class<T> type, Supplier<T> real, String... changes) {
                    Observed<T> gateway = Observed.of(type, real.get(), changes);
                    itsGateways.add(gateway);
                    observed.put(type, gateway);
                    return gateway.gateway();
                }
            };
            sections.add(section(guardrail.key(), guardrail.title(), reporter -> guardrail.pipeline(
                    new Guardrail.Parts(env, region, reporter, new AuditLedger(), LifecycleStore.NOWHERE,
                            GuardrailMetrics.discarding(), clock, boundary)).sweep().apply(schedule),
                    () -> count(itsGateways, guardrail.audited().answeredBy()), guardrail.audited().noun()));
        }

        // The charts and tables of the four guardrails that have them, from what their sweeps read.
        var g1 = observedAs(observed, WorkspaceCreationGateway.class);
        var g2 = observedAs(observed, TrustGateway.class);
        var g3 = observedAs(observed, SubnetGateway.class);
        var g4 = observedAs(observed, DefenderGateway.class);
        var thresholds = SubnetCapacity.Thresholds.fromEnvironment(env);
        var policy = DefenderPolicy.fromEnvironment(env);
        AuditReport report = new AuditReport(account, region, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                List.copyOf(sections),
                capacity(g3, thresholds, now), definitions(g4, policy, now), trusts(g2),
                trustedUsersOnNonWindows(g1, sections.stream().filter(s -> s.guardrail().equals(
                        WorkspaceCreationRules.GUARDRAIL)).flatMap(s -> s.findings().stream()).toList()));
        progress.println(report.summary());
        return report;
    }

    /**
     * Writes the report as audit-ACCOUNT-REGION.html, .md and .json in this folder (created if need be) and returns
     * the HTML file's path.
     */
    public static java.nio.file.Path write(AuditReport report, java.nio.file.Path folder) throws java.io.IOException {
        java.nio.file.Files.createDirectories(folder);
        String name = "audit-" + report.account() + "-" + report.region();
        java.nio.file.Path html = folder.resolve(name + ".html");
        java.nio.file.Files.writeString(html, HtmlReport.render(report));
        java.nio.file.Files.writeString(folder.resolve(name + ".md"), MarkdownReport.render(report));
        java.nio.file.Files.write(folder.resolve(name + ".json"), guardrails.shared.Json.write(
                JsonReport.render(report), true));
        return html;
    }

    /** Runs one guardrail's sweep with a collecting reporter; an AWS refusal is the section's error, not the end. */
    private AuditReport.Section section(String guardrail, String title,
                                        Function<FindingReporter, FindingReporter.Report> sweep,
                                        Supplier<Integer> resources, String noun) {
        List<Finding> findings = new ArrayList<>();
        AuditLedger ledger = new AuditLedger();
        FindingReporter reporter = FindingReporter.auditing(ledger, ledger, (finding, where) ->
                findings.add(finding));
        String error = null;
        try {
            sweep.apply(reporter);
        } catch (SdkException e) {
            error = whyNot(e);
        }
        int checked = resources.get();
        String judged = checked + " " + noun + (checked == 1 ? "" : "s");
        // One whole line once the sweep is done: a guardrail's own log lines (stdout) then never split it.
        progress.println("  " + guardrail + " (" + title + ")... " + (error == null ? judged + ", "
                + findings.size() + (findings.size() == 1 ? " finding" : " findings")
                : "could not run (" + error + ")"));
        return new AuditReport.Section(guardrail, title, judged, checked, List.copyOf(findings), error);
    }

    /**
     * Why a guardrail's sweep could not run, in one line an operator can act on: the service, AWS's error code and
     * status, its message, and for a refused permission where to find the policy that grants it. Never "null".
     */
    static String whyNot(SdkException e) {
        if (e instanceof AwsServiceException aws) {
            var details = aws.awsErrorDetails();
            String service = details == null || details.serviceName() == null ? "AWS" : details.serviceName();
            String code = details == null || details.errorCode() == null ? "HTTP " + aws.statusCode()
                    : details.errorCode() + ", HTTP " + aws.statusCode();
            // The SDK's own message ends in "(Service: ..., Request ID: ...)": the service is said already.
            String message = details != null && details.errorMessage() != null ? details.errorMessage()
                    : String.valueOf(aws.getMessage()).replaceAll(" \\(Service: [^)]*\\)$", "");
            boolean denied = details != null && details.errorCode() != null
                    && (details.errorCode().contains("AccessDenied") || details.errorCode().contains("Unauthorized"));
            return service + " refused (" + code + "): " + message + (denied
                    ? "; the README's read-only audit policy lists every permission the audit needs" : "");
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The distinct resources these gateways answered with, by the methods named. */
    private static int count(List<Observed<?>> gateways, List<String> methods) {
        Set<Object> resources = new java.util.HashSet<>();
        for (Observed<?> gateway : gateways) {
            for (String method : methods) {
                gateway.answers(method, Object.class).forEach(answer -> {
                    if (answer instanceof java.util.Collection<?> many) {
                        resources.addAll(many);
                    } else if (answer != null) {
                        resources.add(answer);
                    }
                });
            }
        }
        return resources.size();
    }

    /** The observed gateway of this type (one that answered nothing when its guardrail is not on the class path). */
    @SuppressWarnings("unchecked")
    private static <T> Observed<T> observedAs(Map<Class<?>, Observed<?>> observed, Class<T> type) {
        return (Observed<T>) observed.computeIfAbsent(type, t -> Observed.of(type, null));
    }

    /** Every subnet G3 measured, with the directory it serves (null: watched by tag), as the sweep discovered them. */
    private static Map<SubnetCapacity, String> subnets(Observed<SubnetGateway> g3) {
        Map<String, String> directoryOf = new HashMap<>();
        g3.answers("directorySubnets", Map.class).forEach(map -> ((Map<?, ?>) map).forEach((directoryId, ids) ->
                ((List<?>) ids).forEach(id -> directoryOf.putIfAbsent((String) id, (String) directoryId))));
        Map<String, SubnetCapacity> byId = new LinkedHashMap<>();
        g3.answers("describeSubnets", List.class).forEach(list -> ((List<?>) list).forEach(s ->
                byId.putIfAbsent(((SubnetCapacity) s).subnetId(), (SubnetCapacity) s)));
        g3.answers("taggedSubnets", List.class).forEach(list -> ((List<?>) list).forEach(s ->
                byId.putIfAbsent(((SubnetCapacity) s).subnetId(), (SubnetCapacity) s)));
        Map<SubnetCapacity, String> result = new LinkedHashMap<>();
        byId.values().forEach(s -> result.put(s, directoryOf.get(s.subnetId())));
        return result;
    }

    private AuditReport.Capacity capacity(Observed<SubnetGateway> g3, SubnetCapacity.Thresholds thresholds,
                                          Instant now) {
        Map<SubnetCapacity, String> subnets = subnets(g3);
        Map<String, Integer> freeByDirectory = new HashMap<>();
        subnets.forEach((s, directoryId) -> {
            if (directoryId != null) {
                freeByDirectory.merge(directoryId, s.available(), Integer::sum);
            }
        });
        Map<String, String> histories = histories(subnets.keySet().stream().map(s -> "subnet|" + s.subnetId())
                .toList());
        List<AuditReport.SubnetRow> rows = new ArrayList<>();
        subnets.forEach((s, directoryId) -> {
            var level = s.level(thresholds);
            var trend = Optional.ofNullable(histories.get("subnet|" + s.subnetId())).map(SubnetHistory::parse)
                    .orElseGet(SubnetHistory::none).next(level, now, s.available()).daysToFull();
            rows.add(new AuditReport.SubnetRow(s.subnetId(), s.cidr(), directoryId, s.size(), s.used(),
                    s.available(), level.name(), trend.isPresent() ? trend.getAsDouble() : null,
                    directoryId == null ? s.available() : freeByDirectory.get(directoryId)));
        });
        return new AuditReport.Capacity(thresholds.warningFree(), thresholds.criticalFree(),
                thresholds.warningUsedPercent(), thresholds.criticalUsedPercent(), rows);
    }

    /**
     * The samples the deployed G3 remembered of these subnets, when FINDINGS_TABLE names its table: the only source
     * of a filling rate, since one audit sees one moment. Read only (BatchGetItem); without it, days to full are
     * unknown.
     */
    private Map<String, String> histories(List<String> subjects) {
        String table = env.get("FINDINGS_TABLE");
        if (table == null || table.isBlank() || subjects.isEmpty()) {
            return Map.of();
        }
        try {
            return new DynamoDbRememberedStates(client(DynamoDbClient.builder()), table, clock).lastStates(subjects);
        } catch (SdkException e) {
            progress.println("  (the findings table " + table + " could not be read, so days to full are unknown: "
                    + e.getClass().getSimpleName() + ")");
            return Map.of();
        }
    }

    private AuditReport.Definitions definitions(Observed<DefenderGateway> g4, DefenderPolicy policy, Instant now) {
        List<WorkspaceNode> workspaces = new ArrayList<>();
        g4.answers("workspaces", List.class).forEach(list -> ((List<?>) list).forEach(w ->
                workspaces.add((WorkspaceNode) w)));
        List<AuditReport.NodeRow> rows = new ArrayList<>();
        g4.answers("defenderStatuses", List.class).forEach(list -> ((List<?>) list).forEach(item -> {
            DefenderStatus status = (DefenderStatus) item;
            Optional<WorkspaceNode> workspace = DefenderRules.match(status, workspaces);
            var assessment = DefenderRules.assess(status, workspace, policy, now);
            rows.add(new AuditReport.NodeRow(status.nodeId(), status.computerName(),
                    workspace.map(WorkspaceNode::workspaceId).orElse(null), assessment.ageDays(),
                    assessment.level().name()));
        }));
        return new AuditReport.Definitions(policy.warningDays(), policy.criticalDays(), rows);
    }

    private static List<AuditReport.TrustRow> trusts(Observed<TrustGateway> g2) {
        Map<String, Set<?>> forwarders = new HashMap<>();
        g2.calls("conditionalForwarders").forEach(c -> forwarders.put((String) c.arguments().get(0),
                (Set<?>) c.answer()));
        List<AuditReport.TrustRow> rows = new ArrayList<>();
        g2.answers("allTrusts", List.class).forEach(list -> ((List<?>) list).forEach(item -> {
            Trust t = (Trust) item;
            rows.add(new AuditReport.TrustRow(t.trustId(), t.directoryId(), t.remoteDomain(),
                    t.direction().awsName(), t.state(), t.stateReason(),
                    forwarders.getOrDefault(t.directoryId(), Set.of()).contains(
                            t.remoteDomain().toLowerCase(Locale.ROOT))));
        }));
        return rows;
    }

    /** G1's terminating rule's findings, with the WorkSpace each names as DescribeWorkspaces listed it. */
    private static List<AuditReport.WorkspaceRow> trustedUsersOnNonWindows(Observed<WorkspaceCreationGateway> g1,
                                                                           List<Finding> findings) {
        Map<String, Workspace> listed = new HashMap<>();
        g1.answers("allWorkspaces", List.class).forEach(list -> ((List<?>) list).forEach(w ->
                listed.put(((Workspace) w).workspaceId(), (Workspace) w)));
        return findings.stream().filter(f -> f.rule().equals(WorkspaceCreationRules.TERMINATING_RULE))
                .map(f -> listed.get(f.resourceId())).filter(java.util.Objects::nonNull)
                .map(w -> new AuditReport.WorkspaceRow(w.workspaceId(), w.userName(), w.directoryId(), w.bundleId(),
                        w.state())).toList();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return AwsClients.build(builder, region);
    }
}
