package guardrails.directorytrust;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustAdvice;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * G2's decisions, free of AWS types: what is wrong with a trust, and what is news. A trust's problems are
 * remembered per directory and remote domain (a domain pair holds one trust only, so the pair outlives a
 * delete-and-recreate), and only a change is reported: a new problem, a changed state, or "recovered".
 */
public final class TrustRules {

    public static final String GUARDRAIL = "G2-directory-trust";

    /** The findings that say a problem is gone: they resolve the guardrail's Security Hub findings on the resource. */
    public static boolean isRecovery(Finding f) {
        return f.rule().equals("TRUST_RECOVERED") || f.rule().equals("TRAIL_DELIVERS_API_CALLS_AGAIN");
    }

    private static final Set<String> IN_PROGRESS = Set.of("Creating", "Verifying", "Updating", "Deleting");

    static final String ONE_WAY_BY_DESIGN_NOTE = "(A one-way trust is right in one AWS pattern: a one-way trust to a"
            + " separate resource domain. If this is that design, list the pair in the OneWayTrustsByDesign parameter"
            + " or tag the directory guardrails:exempt = true.)";

    private TrustRules() {
    }

    /** What can be wrong with a trust. */
    public enum Problem { NOT_TWO_WAY, NO_CONDITIONAL_FORWARDER, FAILED, STUCK }

    /** The memory key of a trust: the directory and remote domain pair. */
    public static String subject(String directoryId, String remoteDomain) {
        return "trust|" + directoryId + "|" + remoteDomain.toLowerCase(Locale.ROOT);
    }

    public static Set<Problem> problems(Trust trust, DirectoryFacts directory, TrustPolicy policy, Instant now) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        if (trust.direction() != TrustDirection.TWO_WAY && !directory.exempt()
                && !policy.allowsOneWay(directory.directoryId(), trust.remoteDomain())) {
            problems.add(Problem.NOT_TWO_WAY);
        }
        if (!directory.forwardsTo(trust.remoteDomain())) {
            problems.add(Problem.NO_CONDITIONAL_FORWARDER);
        }
        if (trust.failed()) {
            problems.add(Problem.FAILED);
        }
        if (IN_PROGRESS.contains(trust.state()) && trust.stateSince() != null
                && trust.stateSince().plus(policy.stuckAfter()).isBefore(now)) {
            problems.add(Problem.STUCK);
        }
        return problems;
    }

    /**
     * The remembered form of a trust's problems; a state name is part of it, so VerifyFailed -> UpdateFailed is
     * news. "OK" when there are none.
     */
    public static String signature(Set<Problem> problems, Trust trust) {
        if (problems.isEmpty()) {
            return "OK";
        }
        return problems.stream().map(p -> p == Problem.FAILED || p == Problem.STUCK ? p + ":" + trust.state() : p.name())
                .sorted().collect(Collectors.joining(","));
    }

    /** Findings for what changed since the remembered signature (none remembered: everything is new). */
    public static List<Finding> changes(Trust trust, DirectoryFacts directory, Set<Problem> problems,
                                        Optional<String> previous, Instant now) {
        String current = signature(problems, trust);
        if (previous.isPresent() && previous.get().equals(current)) {
            return List.of();
        }
        if (problems.isEmpty()) {
            boolean hadProblems = previous.isPresent() && !previous.get().equals("OK");
            return hadProblems ? List.of(recovered(trust, directory, previous.get())) : List.of();
        }
        Set<String> before = previous.map(p -> new TreeSet<>(Arrays.asList(p.split(",")))).orElseGet(TreeSet::new);
        List<Finding> findings = new ArrayList<>();
        for (Problem problem : problems) {
            String part = signature(EnumSet.of(problem), trust);
            if (!before.contains(part)) {
                findings.add(finding(problem, trust, directory, now));
            }
        }
        return findings;
    }

    static Finding finding(Problem problem, Trust trust, DirectoryFacts directory, Instant now) {
        String pair = directory.directoryId() + " -> " + trust.remoteDomain();
        List<String> related = List.of(directory.directoryId());
        return switch (problem) {
            case NOT_TWO_WAY -> notTwoWay(trust, directory);
            case NO_CONDITIONAL_FORWARDER -> new Finding(GUARDRAIL, "TRUST_WITHOUT_CONDITIONAL_FORWARDER",
                    Severity.WARNING, trust.trustId(), related,
                    "Trust " + pair + " has no conditional forwarder for " + trust.remoteDomain(),
                    directory.directoryId() + " (" + directory.name() + ") has no conditional forwarder for "
                            + trust.remoteDomain() + ", the remote domain of trust " + trust.trustId() + " (state "
                            + trust.state() + ").",
                    "A trust needs DNS resolution of the remote domain: without a conditional forwarder it cannot be"
                            + " verified, and users of that domain cannot sign in.",
                    "None.",
                    "Create the forwarder, with the DNS servers of " + trust.remoteDomain() + ":")
                    .withCommands(ShellCommand.of("aws", "ds", "create-conditional-forwarder", "--directory-id",
                            directory.directoryId(), "--remote-domain-name", trust.remoteDomain(), "--dns-ip-addrs",
                            "<a DNS server of " + trust.remoteDomain() + ">", "<another>"));
            case FAILED -> new Finding(GUARDRAIL, "TRUST_FAILED", Severity.CRITICAL, trust.trustId(), related,
                    trust.remoteDomain() + " users cannot sign in: trust of " + directory.directoryId() + " is "
                            + trust.state(),
                    "Trust " + trust.trustId() + " of " + directory.directoryId() + " with " + trust.remoteDomain()
                            + " is in state " + trust.state() + reason(trust) + ".",
                    "A trust that does not verify lets no user of " + trust.remoteDomain() + " sign in to WorkSpaces or"
                            + " other AWS applications.",
                    "None.",
                    "Fix what the reason names (DNS: the conditional forwarder and the remote DNS servers; the remote"
                            + " side's matching trust and password; the security groups between the domains), then"
                            + " verify the trust:")
                    .withCommands(ShellCommand.of("aws", "ds", "verify-trust", "--trust-id", trust.trustId()));
            case STUCK -> new Finding(GUARDRAIL, "TRUST_STUCK", Severity.WARNING, trust.trustId(), related,
                    "Trust " + pair + " has been " + trust.state() + " for "
                            + Duration.between(trust.stateSince(), now).toMinutes() + " minutes",
                    "Trust " + trust.trustId() + " of " + directory.directoryId() + " with " + trust.remoteDomain()
                            + " entered " + trust.state() + " at " + trust.stateSince() + reason(trust) + ".",
                    "Creating -> Verified normally takes minutes; a trust stuck on the way usually cannot reach the"
                            + " remote domain.",
                    "None.",
                    "Check the conditional forwarder for " + trust.remoteDomain() + ", the remote DNS servers and the"
                            + " security groups between the domains; the remote side must hold the matching trust.");
        };
    }

    static Finding notTwoWay(Trust trust, DirectoryFacts directory) {
        boolean registered = directory.registeredWithWorkSpaces();
        String pair = directory.directoryId() + " -> " + trust.remoteDomain();
        String workspaces = registered ? directory.workspaces().get().size() + " WorkSpaces" : "no WorkSpaces";
        return new Finding(GUARDRAIL, "TRUST_NOT_TWO_WAY", registered ? Severity.CRITICAL : Severity.WARNING,
                trust.trustId(), List.of(directory.directoryId()),
                registered ? "WorkSpaces fail for " + trust.remoteDomain() + " users: trust on "
                        + directory.directoryId() + " is one-way"
                        : "Trust " + pair + " is " + trust.direction().awsName() + " (no WorkSpaces on it yet)",
                "Trust " + trust.trustId() + " of " + directory.directoryId() + " (" + directory.name() + ", "
                        + (registered ? "registered with WorkSpaces, " : "not registered with WorkSpaces, ")
                        + workspaces + ") with " + trust.remoteDomain() + " is " + trust.direction().awsName()
                        + " (state " + trust.state() + ").",
                registered ? TrustAdvice.TWO_WAY_NEEDED
                        : "The directory is not registered with WorkSpaces, but WorkSpaces and the other AWS enterprise"
                        + " applications (Amazon Chime, Connect, QuickSight, IAM Identity Center, WorkMail...) need"
                        + " a Two-Way trust for users of a trusted domain.",
                "None, in either mode: the trust password is never in the event, so no trust is deleted or recreated"
                        + " automatically.",
                TrustAdvice.recreateAsTwoWay(directory.directoryId(), trust.remoteDomain(), trust.trustId()) + " "
                        + ONE_WAY_BY_DESIGN_NOTE)
                .withCommands(TrustAdvice.recreateCommands(directory.directoryId(), trust.remoteDomain(),
                        trust.trustId()).toArray(String[]::new));
    }

    static Finding recovered(Trust trust, DirectoryFacts directory, String previous) {
        return new Finding(GUARDRAIL, "TRUST_RECOVERED", Severity.INFO, trust.trustId(),
                List.of(directory.directoryId()),
                "Recovered: trust " + directory.directoryId() + " -> " + trust.remoteDomain() + " is "
                        + trust.direction().awsName() + " and " + trust.state(),
                "Trust " + trust.trustId() + " of " + directory.directoryId() + " with " + trust.remoteDomain()
                        + " is now " + trust.direction().awsName() + ", " + trust.state()
                        + ", with a conditional forwarder; before: " + previous.replace(',', ' ') + ".",
                TrustAdvice.TWO_WAY_NEEDED, "None.", "Nothing to do.");
    }

    /**
     * A deleted trust whose users still have WorkSpaces (names qualified with the domain). Empty when none do.
     *
     * @param remoteDomain the domain of the deleted trust, as remembered; null when never seen
     */
    public static Optional<Finding> deleted(String trustId, DirectoryFacts directory, String remoteDomain) {
        if (remoteDomain == null) {
            return Optional.of(new Finding(GUARDRAIL, "TRUST_DELETED_DOMAIN_UNKNOWN", Severity.WARNING, trustId,
                    directory == null ? List.of() : List.of(directory.directoryId()),
                    "Trust " + trustId + " was deleted; its domain is unknown to the guardrail",
                    "Trust " + trustId + " was deleted before any sweep recorded which domain it trusted.",
                    "WorkSpaces users of a domain whose trust is gone can no longer sign in.",
                    "None.",
                    "Check whether WorkSpaces users belonged to that domain; recreate the trust as Two-Way if so."));
        }
        List<DirectoryFacts.WorkspaceUser> dependents = directory.workspaces().get().stream()
                .filter(ws -> ws.qualifiedWith(remoteDomain)).toList();
        if (dependents.isEmpty()) {
            return Optional.empty();
        }
        List<String> related = new ArrayList<>(List.of(directory.directoryId()));
        dependents.forEach(ws -> related.add(ws.workspaceId()));
        return Optional.of(new Finding(GUARDRAIL, "TRUST_DELETED_WITH_WORKSPACES", Severity.CRITICAL, trustId, related,
                "Trust " + directory.directoryId() + " -> " + remoteDomain + " deleted; " + dependents.size()
                        + " WorkSpaces depend on it",
                "Trust " + trustId + " of " + directory.directoryId() + " with " + remoteDomain + " was deleted, and "
                        + "these WorkSpaces belong to its users: " + dependents.stream()
                        .map(ws -> ws.workspaceId() + " (" + ws.userName() + ")").collect(Collectors.joining(", "))
                        + ".",
                "Their users can no longer sign in. " + TrustAdvice.TWO_WAY_NEEDED,
                "None.",
                "If the deletion is the first half of changing the trust's direction, finish it: "
                        + TrustAdvice.recreateAsTwoWay(directory.directoryId(), remoteDomain, null)
                        + " Otherwise move these users to the directory's own domain or terminate their WorkSpaces.")
                .withCommands(TrustAdvice.recreateCommands(directory.directoryId(), remoteDomain, null)
                        .toArray(String[]::new)));
    }

    private static String reason(Trust trust) {
        return trust.stateReason() == null || trust.stateReason().isBlank() ? ""
                : " (TrustStateReason: " + trust.stateReason() + ")";
    }

    /** The memory key of the trail check of a region. */
    public static String trailSubject(String region) {
        return "trail|" + region;
    }

    /** What the trail check remembers: a trail delivers the calls, none does, or it could not be told. */
    public static String trailState(List<TrailFacts> trails) {
        if (trails.stream().anyMatch(TrailFacts::delivers)) {
            return "DELIVERED";
        }
        return trails.stream().allMatch(TrailFacts::readable) ? "MISSING" : "UNKNOWN";
    }

    /**
     * News about the trails: none delivering write management events (once, until it changes), or one delivering
     * again. A state that could not be read says nothing either way.
     */
    public static Optional<Finding> trailChange(String region, List<TrailFacts> trails, String state,
                                                Optional<String> before) {
        String resource = "cloudtrail:" + region;
        if ("MISSING".equals(state) && !before.equals(Optional.of("MISSING"))) {
            String seen = trails.isEmpty() ? "No CloudTrail trail applies to " + region + "."
                    : "Trails that apply to " + region + ", none delivering API calls that change something: "
                    + trails.stream().map(TrustRules::whyNot).collect(Collectors.joining("; ")) + ".";
            return Optional.of(new Finding(GUARDRAIL, "NO_TRAIL_DELIVERS_API_CALLS", Severity.WARNING, resource,
                    trails.stream().map(TrailFacts::arn).toList(),
                    "No CloudTrail trail delivers " + region + "'s API calls: G1 and G2 are not hearing them",
                    seen,
                    "EventBridge receives \"AWS API Call via CloudTrail\" events only while a trail logs management"
                            + " write events in the region. Without one, new WorkSpaces (G1) and trust changes (G2) go"
                            + " unchecked until the next sweep, and G1 not at all.",
                    "Nothing changed: a guardrail does not create trails.",
                    "Create a trail that logs management events (read and write, or write only) in " + region
                            + " (a multi-region or organization trail will do), or start logging on the one that"
                            + " exists:").withCommands(ShellCommand.of("aws", "cloudtrail", "start-logging", "--name",
                            "<trail>")));
        }
        if ("DELIVERED".equals(state) && before.equals(Optional.of("MISSING"))) {
            return Optional.of(new Finding(GUARDRAIL, "TRAIL_DELIVERS_API_CALLS_AGAIN", Severity.INFO, resource,
                    trails.stream().filter(TrailFacts::delivers).map(TrailFacts::arn).toList(),
                    "A CloudTrail trail delivers " + region + "'s API calls again",
                    "Delivering now: " + trails.stream().filter(TrailFacts::delivers).map(TrailFacts::arn)
                            .collect(Collectors.joining(", ")) + ".",
                    "G1 and G2 hear of new WorkSpaces and trust changes again.",
                    "Nothing changed.", "Nothing: recovered."));
        }
        return Optional.empty();
    }

    private static String whyNot(TrailFacts trail) {
        return trail.arn() + (trail.logging() ? " logs no management write events" : " is not logging");
    }
}
