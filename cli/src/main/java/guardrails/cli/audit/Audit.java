package guardrails.cli.audit;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import guardrails.defenderdefinitions.AwsDefenderGateway;
import guardrails.defenderdefinitions.DefenderGateway;
import guardrails.defenderdefinitions.DefenderGuard;
import guardrails.defenderdefinitions.DefenderPolicy;
import guardrails.defenderdefinitions.DefenderRules;
import guardrails.defenderdefinitions.DefenderStatus;
import guardrails.defenderdefinitions.WorkspaceNode;
import guardrails.directorytrust.AwsTrustGateway;
import guardrails.directorytrust.TrustGateway;
import guardrails.directorytrust.TrustGuard;
import guardrails.directorytrust.TrustPolicy;
import guardrails.directorytrust.TrustRules;
import guardrails.networkexposure.AwsExposureGateway;
import guardrails.networkexposure.ExposureGateway;
import guardrails.networkexposure.ExposurePolicy;
import guardrails.networkexposure.NetworkExposureGuard;
import guardrails.networkexposure.NetworkExposureRules;
import guardrails.rdpstickiness.AwsStickinessGateway;
import guardrails.rdpstickiness.RdpStickinessGuard;
import guardrails.rdpstickiness.RdpStickinessRules;
import guardrails.rdpstickiness.StickinessGateway;
import guardrails.shared.channels.AlertChannel;
import guardrails.shared.config.AwsClients;
import guardrails.shared.directory.Trust;
import guardrails.shared.findings.Finding;
import guardrails.shared.lifecycle.DynamoDbRememberedStates;
import guardrails.shared.lifecycle.LifecycleStore;
import guardrails.shared.reporting.FindingReporter;
import guardrails.shared.reporting.GuardrailMetrics;
import guardrails.shared.reporting.Tracker;
import guardrails.subnetcapacity.AwsSubnetGateway;
import guardrails.subnetcapacity.SubnetCapacity;
import guardrails.subnetcapacity.SubnetCapacityGuard;
import guardrails.subnetcapacity.SubnetCapacityRules;
import guardrails.subnetcapacity.SubnetGateway;
import guardrails.subnetcapacity.SubnetHistory;
import guardrails.workspacecreation.AwsWorkspaceCreationGateway;
import guardrails.workspacecreation.Workspace;
import guardrails.workspacecreation.WorkspaceCreationGateway;
import guardrails.workspacecreation.WorkspaceCreationGuard;
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
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.directory.DirectoryClient;
import software.amazon.awssdk.services.directoryservicedata.DirectoryServiceDataClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

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
        var context = new AlertChannel.AlertContext(account, region, schedule.getId());

        WorkSpacesClient workspaces = client(WorkSpacesClient.builder());
        DirectoryClient directory = client(DirectoryClient.builder());
        Ec2Client ec2 = client(Ec2Client.builder());
        List<AuditReport.Section> sections = new ArrayList<>();

        var g1 = Observed.of(WorkspaceCreationGateway.class, new AwsWorkspaceCreationGateway(workspaces, directory,
                client(DirectoryServiceDataClient.builder())), "terminate");
        sections.add(section(WorkspaceCreationRules.GUARDRAIL, "WorkSpaces of trusted-domain users",
                reporter -> new WorkspaceCreationGuard(g1.gateway(), reporter,
                        remembering(WorkspaceCreationRules.GUARDRAIL, reporter), clock).sweep(context),
                () -> count(g1.answers("allWorkspaces", List.class)), "WorkSpace"));

        var g2 = Observed.of(TrustGateway.class, new AwsTrustGateway(directory, workspaces,
                client(CloudTrailClient.builder())));
        sections.add(section(TrustRules.GUARDRAIL, "Directory trusts and the trail",
                reporter -> new TrustGuard(g2.gateway(), reporter, new AuditLedger(), TrustPolicy.fromEnvironment(env),
                        clock).sweep(schedule),
                () -> count(g2.answers("allTrusts", List.class)), "trust"));

        var g3 = Observed.of(SubnetGateway.class, new AwsSubnetGateway(workspaces, ec2));
        var thresholds = SubnetCapacity.Thresholds.fromEnvironment(env);
        sections.add(section(SubnetCapacityRules.GUARDRAIL, "Subnet capacity",
                reporter -> new SubnetCapacityGuard(g3.gateway(), remembering(SubnetCapacityRules.GUARDRAIL, reporter),
                        new AuditLedger(),
                        GuardrailMetrics.discarding(), thresholds, clock).sweep(schedule),
                () -> count(subnets(g3).values()), "subnet"));

        var policy = DefenderPolicy.fromEnvironment(env);
        var g4 = Observed.of(DefenderGateway.class, new AwsDefenderGateway(client(SsmClient.builder()), workspaces,
                policy.updateDocument()), "deregister", "updateDefinitions");
        sections.add(section(DefenderRules.GUARDRAIL, "Windows Defender definitions",
                reporter -> new DefenderGuard(g4.gateway(), reporter, new AuditLedger(),
                        remembering(DefenderRules.GUARDRAIL, reporter), policy, clock).sweep(schedule),
                () -> count(g4.answers("defenderStatuses", List.class)), "managed node"));

        var g5 = Observed.of(ExposureGateway.class, new AwsExposureGateway(ec2, directory, workspaces),
                "revoke", "replace");
        sections.add(section(NetworkExposureRules.GUARDRAIL, "Network exposure",
                reporter -> new NetworkExposureGuard(g5.gateway(), ExposurePolicy.fromEnvironment(env),
                        remembering(NetworkExposureRules.GUARDRAIL, reporter)).sweep(schedule),
                () -> count(g5.answers("securityGroups", List.class)), "security group"));

        var g6 = Observed.of(StickinessGateway.class, new AwsStickinessGateway(client(
                ElasticLoadBalancingV2Client.builder())), "enableStickiness");
        sections.add(section(RdpStickinessRules.GUARDRAIL, "RDP session stickiness",
                reporter -> new RdpStickinessGuard(g6.gateway(), remembering(RdpStickinessRules.GUARDRAIL, reporter))
                        .sweep(schedule),
                () -> count(g6.answers("rdpTargetGroups", List.class)), "RDP target group"));

        AuditReport report = new AuditReport(account, region, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                List.copyOf(sections),
                capacity(g3, thresholds, now), definitions(g4, policy, now), trusts(g2),
                trustedUsersOnNonWindows(g1, sections.get(0).findings()));
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

    /**
     * The finding lifecycle with no memory: every open problem is news, every exempt resource is said to be exempt,
     * nothing is written.
     */
    private Tracker remembering(String guardrail, FindingReporter reporter) {
        return new Tracker(guardrail, LifecycleStore.NOWHERE, reporter, clock);
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

    private static int count(java.util.Collection<?> answers) {
        return answers.stream().mapToInt(a -> a instanceof java.util.Collection<?> c ? c.size() : 1).sum();
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
