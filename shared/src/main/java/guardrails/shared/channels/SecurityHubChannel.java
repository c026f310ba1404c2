package guardrails.shared.channels;

import guardrails.shared.findings.Delivery;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingIdentifier;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.BatchUpdateFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * Findings in AWS Security Hub, beside the alerts: each finding is imported in the AWS Security Finding Format through
 * BatchImportFindings under the account's default product, with one Id per guardrail, resource and rule, so a change
 * of level updates the same Security Hub finding. A recovery (the guardrail's own "recovered" or "closed" finding)
 * resolves the guardrail's active findings on that resource: workflow RESOLVED (BatchUpdateFindings, since
 * BatchImportFindings cannot change a workflow once a finding exists) and then record ARCHIVED (BatchImportFindings).
 * Every call is an upsert or a set to a fixed value, so the reporter's retries repeat them harmlessly: the same
 * once-only guarantee as the alerts. A finding Security Hub refuses (FailedCount, UnprocessedFindings) fails the
 * publish, so the invocation is retried like a failed alert.
 * Shapes: securityhub/2018-10-26/service-2.json in botocore;
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html
 */
public final class SecurityHubChannel implements AlertChannel {

    /** The IAM actions this channel calls; a test holds them against template.yaml's SecurityHubFindingsPolicy. */
    public static final List<String> IAM_ACTIONS = List.of("securityhub:BatchImportFindings",
            "securityhub:GetFindings", "securityhub:BatchUpdateFindings");

    static final String SCHEMA_VERSION = "2018-10-08";
    static final String TYPE = "Software and Configuration Checks/AWS Security Best Practices";
    static final String ID_PREFIX = "workspaces-guardrails/";
    /** Bounds of ASFF's Title, Description and Recommendation.Text. */
    static final int TITLE_LIMIT = 256;
    static final int DESCRIPTION_LIMIT = 1024;
    static final int RECOMMENDATION_LIMIT = 512;

    private final SecurityHubClient hub;
    private final Predicate<Finding> recovery;
    private final Clock clock;

    /** {@code recovery}: the guardrail's findings that say a problem is gone (its rules say which). */
    public SecurityHubChannel(SecurityHubClient hub, Predicate<Finding> recovery, Clock clock) {
        this.hub = hub;
        this.recovery = recovery;
        this.clock = clock;
    }

    @Override
    public void publish(Finding finding, AlertContext context) {
        if (recovery.test(finding)) {
            resolve(finding, context, resourcePrefix(context, finding.guardrail(), finding.resourceId()));
        } else {
            importFindings(List.of(asff(finding, context, clock.instant())));
        }
    }

    /**
     * What the finding lifecycle decided for Security Hub: import the open finding with the time it was first seen
     * (ASFF CreatedAt), import and resolve a finding the guardrail fixed itself, or resolve the rule's finding on a
     * resource whose problem is gone.
     */
    public void deliver(Delivery delivery, AlertContext context) {
        Finding finding = delivery.finding();
        java.time.Instant createdAt = delivery.openSince() == null ? clock.instant() : delivery.openSince();
        switch (delivery.hub()) {
            case NONE -> { }
            case IMPORT -> importFindings(List.of(asff(finding, context, createdAt)));
            case FIXED -> {
                importFindings(List.of(asff(finding, context, createdAt)));
                resolve(finding, context, findingId(context, finding.guardrail(), finding.resourceId(),
                        delivery.rule()));
            }
            case RESOLVE -> resolve(finding, context, findingId(context, finding.guardrail(), finding.resourceId(),
                    delivery.rule()));
        }
    }

    /** The Security Hub Id of a guardrail's finding of this rule on this resource, in this account and Region. */
    public static String findingId(AlertContext context, String guardrail, String resourceId, String rule) {
        return resourcePrefix(context, guardrail, resourceId) + rule;
    }

    private static String resourcePrefix(AlertContext context, String guardrail, String resourceId) {
        return ID_PREFIX + context.region() + "/" + context.account() + "/" + guardrail + "/" + resourceId + "/";
    }

    /** The account's default product: findings an account imports about itself (the only kind it may import). */
    public static String productArn(AlertContext context) {
        return "arn:" + partition(context.region()) + ":securityhub:" + context.region() + ":" + context.account()
                + ":product/" + context.account() + "/default";
    }

    AwsSecurityFinding asff(Finding finding, AlertContext context, java.time.Instant createdAt) {
        String now = clock.instant().toString();
        var region = context.region();
        return AwsSecurityFinding.builder()
                .schemaVersion(SCHEMA_VERSION)
                .id(findingId(context, finding.guardrail(), finding.resourceId(), finding.rule()))
                .productArn(productArn(context))
                .generatorId(ID_PREFIX + finding.guardrail() + "/" + finding.rule())
                .awsAccountId(context.account())
                .createdAt(createdAt.toString())
                .updatedAt(now)
                .title(bounded(finding.title(), TITLE_LIMIT))
                .description(bounded(finding.seen(), DESCRIPTION_LIMIT))
                .findingProviderFields(f -> f.severity(s -> s.label(label(finding.severity()))).types(TYPE))
                .remediation(r -> r.recommendation(rec -> rec.text(bounded(finding.operatorAction()
                        + finding.commands().stream().map(command -> "\n" + command).collect(Collectors.joining()),
                        RECOMMENDATION_LIMIT))))
                .resources(resources(finding, context))
                .productFields(Map.of("guardrails/guardrail", finding.guardrail(), "guardrails/rule", finding.rule(),
                        "guardrails/whyItMatters", finding.whyItMatters(), "guardrails/actionTaken",
                        finding.actionTaken(), "guardrails/eventId", context.eventId()))
                .recordState(RecordState.ACTIVE)
                .build();
    }

    /**
     * Resolves the guardrail's active findings whose Id starts with {@code prefix} (a resource's, or one rule's on it):
     * workflow first, then the record, so that a retry after a failure in between still finds them active and
     * finishes the job.
     */
    private void resolve(Finding recovered, AlertContext context, String prefix) {
        String product = productArn(context);
        List<AwsSecurityFinding> active = new ArrayList<>();
        hub.getFindingsPaginator(r -> r.filters(AwsSecurityFindingFilters.builder()
                        .id(StringFilter.builder().value(prefix).comparison(StringFilterComparison.PREFIX).build())
                        .productArn(StringFilter.builder().value(product).comparison(StringFilterComparison.EQUALS)
                                .build())
                        .recordState(StringFilter.builder().value(RecordState.ACTIVE.toString())
                                .comparison(StringFilterComparison.EQUALS).build())
                        .build()).maxResults(100))
                .findings().stream()
                // The filter is the server's; checked again here, so nothing else is ever touched.
                .filter(f -> f.id().startsWith(prefix) && product.equals(f.productArn())
                        && f.recordState() == RecordState.ACTIVE)
                .forEach(active::add);
        if (active.isEmpty()) {
            return;
        }
        for (int from = 0; from < active.size(); from += 100) { // BatchUpdateFindings takes 100 identifiers
            List<AwsSecurityFindingIdentifier> ids = active.subList(from, Math.min(active.size(), from + 100))
                    .stream().map(f -> AwsSecurityFindingIdentifier.builder().id(f.id()).productArn(f.productArn())
                            .build()).toList();
            BatchUpdateFindingsResponse updated = hub.batchUpdateFindings(r -> r.findingIdentifiers(ids)
                    .workflow(w -> w.status(WorkflowStatus.RESOLVED))
                    .note(n -> n.text(bounded(recovered.title(), 512)).updatedBy("workspaces-guardrails")));
            if (!updated.unprocessedFindings().isEmpty()) {
                var first = updated.unprocessedFindings().get(0);
                throw new SecurityHubRefused("BatchUpdateFindings", updated.unprocessedFindings().size(),
                        first.errorCode());
            }
        }
        String now = clock.instant().toString();
        importFindings(active.stream().map(f -> archived(f, now)).toList());
    }

    /**
     * The provider's own fields of a finding as GetFindings returned it, its record ARCHIVED: nothing Security Hub
     * or its users set (severity, workflow, notes, the reserved aws/ product fields) is sent back.
     */
    private static AwsSecurityFinding archived(AwsSecurityFinding f, String now) {
        Map<String, String> ownFields = new java.util.HashMap<>();
        f.productFields().forEach((key, value) -> {
            if (!key.startsWith("aws/")) {
                ownFields.put(key, value);
            }
        });
        return AwsSecurityFinding.builder().schemaVersion(f.schemaVersion()).id(f.id()).productArn(f.productArn())
                .generatorId(f.generatorId()).awsAccountId(f.awsAccountId()).createdAt(f.createdAt()).updatedAt(now)
                .title(f.title()).description(f.description()).resources(f.resources())
                .findingProviderFields(f.findingProviderFields()).remediation(f.remediation())
                .productFields(ownFields).recordState(RecordState.ARCHIVED).build();
    }

    /** BatchImportFindings, 100 findings a call (its limit); a refused finding fails the publish. */
    private void importFindings(List<AwsSecurityFinding> findings) {
        for (int from = 0; from < findings.size(); from += 100) {
            List<AwsSecurityFinding> batch = findings.subList(from, Math.min(findings.size(), from + 100));
            BatchImportFindingsResponse imported = hub.batchImportFindings(r -> r.findings(batch));
            if (imported.failedCount() != null && imported.failedCount() > 0) {
                String code = imported.failedFindings().isEmpty() ? "unknown"
                        : imported.failedFindings().get(0).errorCode();
                throw new SecurityHubRefused("BatchImportFindings", imported.failedCount(), code);
            }
        }
    }

    private static List<software.amazon.awssdk.services.securityhub.model.Resource> resources(Finding finding,
                                                                                              AlertContext context) {
        List<software.amazon.awssdk.services.securityhub.model.Resource> resources = new ArrayList<>();
        resources.add(resource(finding.resourceId(), context));
        finding.related().stream().limit(31).forEach(id -> resources.add(resource(id, context))); // ASFF: 32 at most
        return resources;
    }

    private static software.amazon.awssdk.services.securityhub.model.Resource resource(String id,
                                                                                     AlertContext context) {
        return software.amazon.awssdk.services.securityhub.model.Resource.builder().id(resourceArn(id, context))
                .type(resourceType(id)).partition(partition(context.region())).region(context.region()).build();
    }

    /**
     * ASFF: Resources[].Id is the resource's ARN where it has one. The ids the guardrails report are turned into the
     * ARN formats of the EC2, WorkSpaces, Directory Service and Systems Manager service authorization references;
     * an ARN stays as it is, anything else (a trust, a Region-wide notice) keeps its own id.
     */
    static String resourceArn(String id, AlertContext context) {
        if (id.startsWith("arn:")) {
            return id;
        }
        return ARN_FORMATS.entrySet().stream().filter(format -> format.getKey().matcher(id).matches()).findFirst()
                .map(format -> "arn:" + partition(context.region()) + ":" + format.getValue().replace("{region}",
                        context.region()).replace("{account}", context.account()) + id)
                .orElse(id);
    }

    /** The ids the guardrails report, and their ARN formats (service:region:account:resource-type/). */
    private static final Map<java.util.regex.Pattern, String> ARN_FORMATS = arnFormats();

    private static Map<java.util.regex.Pattern, String> arnFormats() {
        Map<java.util.regex.Pattern, String> formats = new java.util.LinkedHashMap<>();
        formats.put(java.util.regex.Pattern.compile("sg-[0-9a-f]+"), "ec2:{region}:{account}:security-group/");
        formats.put(java.util.regex.Pattern.compile("subnet-[0-9a-f]+"), "ec2:{region}:{account}:subnet/");
        formats.put(java.util.regex.Pattern.compile("i-[0-9a-f]+"), "ec2:{region}:{account}:instance/");
        formats.put(java.util.regex.Pattern.compile("mi-[0-9a-f]+"), "ssm:{region}:{account}:managed-instance/");
        formats.put(java.util.regex.Pattern.compile("ws-[0-9a-z]+"), "workspaces:{region}:{account}:workspace/");
        formats.put(java.util.regex.Pattern.compile("d-[0-9a-f]+"), "ds:{region}:{account}:directory/");
        return java.util.Collections.unmodifiableMap(formats);
    }

    /** ASFF resource types for the ids the guardrails report; "Other" for the rest, as ASFF allows. */
    static String resourceType(String id) {
        if (id.startsWith("subnet-")) {
            return "AwsEc2Subnet";
        }
        if (id.startsWith("sg-")) {
            return "AwsEc2SecurityGroup";
        }
        if (id.matches("i-[0-9a-f]+")) {
            return "AwsEc2Instance";
        }
        return "Other";
    }

    private static SeverityLabel label(Severity severity) {
        return switch (severity) {
            case CRITICAL -> SeverityLabel.CRITICAL;
            case WARNING -> SeverityLabel.MEDIUM;
            case INFO -> SeverityLabel.INFORMATIONAL;
        };
    }

    private static String partition(String region) {
        return software.amazon.awssdk.regions.Region.of(region).metadata() == null ? "aws"
                : software.amazon.awssdk.regions.Region.of(region).metadata().partition().id();
    }

    private static String bounded(String text, int limit) {
        String value = text == null || text.isBlank() ? "-" : text;
        return value.length() <= limit ? value : value.substring(0, limit - 1) + "…";
    }

    /** Security Hub answered 200 but refused findings: fail, so the invocation is retried. */
    public static final class SecurityHubRefused extends RuntimeException {
        SecurityHubRefused(String operation, int count, String errorCode) {
            super(operation + " refused " + count + " finding(s): " + errorCode);
        }
    }
}
