package guardrails.workspacecreation;

import guardrails.shared.directory.Trust;
import guardrails.shared.directory.TrustAdvice;
import guardrails.shared.directory.TrustDirection;
import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;


/**
 * G1's decisions, in one place and free of AWS types: who a WorkSpace's user is, and what is wrong with a new
 * WorkSpace or a refused request. The field facts (README, "What it guards, and why") are quoted where they decide something.
 */
public final class WorkspaceCreationRules {

    public static final String GUARDRAIL = "G1-workspace-creation";
    /** The one rule whose finding terminates a WorkSpace. */
    public static final String TERMINATING_RULE = "TRUSTED_USER_ON_NON_WINDOWS_BUNDLE";

    static final String F1 = TrustAdvice.TWO_WAY_NEEDED;
    static final String F2 = "For a trusted-domain user, a Linux WorkSpace is created and authentication succeeds,"
            + " then every session fails (PcoipSessionProvisionUnknownError,"
            + " PcoipSessionProvisionWorkspaceTargetsExhausted: \"Unknown Error Occurred\"). The same user connects"
            + " to a Windows WorkSpace.";
    static final String F6 = "Every WorkSpace takes one IP address (an ENI) in a subnet of its directory; when the"
            + " subnets run out, new WorkSpaces fail to create.";

    private WorkspaceCreationRules() {
    }

    // ---- who the user is ------------------------------------------------------------------------------------

    /**
     * A qualified user name (DOMAIN\\user or user@domain) says where the user lives. Empty for a bare name, which
     * only a directory look-up can place.
     */
    public static Optional<UserOrigin> originFromName(String userName, Directory directory) {
        if (userName == null) {
            return Optional.empty();
        }
        String domain = null;
        int backslash = userName.indexOf('\\');
        int at = userName.lastIndexOf('@');
        if (backslash > 0) {
            domain = userName.substring(0, backslash);
        } else if (at > 0 && at < userName.length() - 1) {
            domain = userName.substring(at + 1);
        }
        if (domain == null) {
            return Optional.empty();
        }
        if (directory.isOwnDomain(domain)) {
            return Optional.of(UserOrigin.directory("the user name " + userName
                    + " is qualified with the directory's own domain"));
        }
        String trustedDomain = directory.trustFor(domain).map(Trust::remoteDomain).orElse(domain);
        return Optional.of(UserOrigin.trusted(trustedDomain, "the user name " + userName
                + " is qualified with the domain " + domain + ", not the directory's own ("
                + directory.dnsName() + (directory.shortName() == null ? "" : " / " + directory.shortName()) + ")"));
    }

    /** Identity look-ups cost a call each: needed only for non-Windows WorkSpaces in directories with trusts. */
    public static boolean needsIdentityLookup(Platform platform, Directory directory) {
        return platform != Platform.WINDOWS && !directory.trusts().isEmpty();
    }

    /**
     * A bare name the Data API can be asked about: its SAMAccountName is 1-20 letters, digits, '_', '-' or '.'
     * (UserName in ds-data/2023-05-31/service-2.json). Any other name would only earn a ValidationException.
     */
    public static boolean isSamAccountName(String userName) {
        return userName != null && userName.matches("[\\w\\-.]{1,20}");
    }

    /** A bare name the Data API cannot be asked about: nothing to terminate on, and the operator is told. */
    public static UserOrigin unaskableName(String userName) {
        return UserOrigin.notCheckable("the user name " + userName + " is not a SAMAccountName the Directory Service"
                        + " Data API can look up (1-20 letters, digits, '_', '-' or '.')",
                "Check by hand which domain the user belongs to; create WorkSpaces with the user's SAMAccountName.");
    }

    /**
     * Places a bare user name from the Data API's answers (F3, F12). Trusted only when the own domain has no enabled
     * account of that name and a trusted realm has one; a disabled own-domain account whose UPN carries a trusted
     * domain's suffix is the shadow WorkSpaces creates for a trusted-domain user (F3), evidence for. An enabled
     * account on both sides is ambiguous: WorkSpaces' API does not say which one it bound.
     */
    public static UserOrigin originFromLookup(String userName, Directory directory, UserLookup lookup) {
        if (lookup.answers().anyMatch(UserLookup.DataApiDisabled.class::isInstance)) {
            return UserOrigin.dataApiOff("the Directory Service Data API is not enabled on " + directory.directoryId());
        }
        UserLookup.Account own = lookup.ownDomain() instanceof UserLookup.Account account ? account : null;
        boolean ownEnabled = own != null && own.enabled();
        boolean shadow = own != null && !own.enabled() && own.upnSuffix() != null
                && directory.trustFor(own.upnSuffix()).isPresent();
        List<String> trustedHits = lookup.trustedRealms().entrySet().stream()
                .filter(e -> e.getValue() instanceof UserLookup.Account).map(Map.Entry::getKey).sorted().toList();
        String ownDomain = "the directory's own domain (" + directory.dnsName() + ")";
        if (ownEnabled && !trustedHits.isEmpty()) {
            String realm = trustedHits.get(0);
            return UserOrigin.ambiguous(realm, "the Directory Service Data API found an enabled account " + userName
                            + " in " + ownDomain + " and an account " + userName + " in the trusted realm " + realm,
                    "Ask which user the WorkSpace is for. If it is " + realm + "'s user, terminate it and create it"
                            + " again with the qualified name (" + userName + "@" + realm + ") on a Windows bundle; if"
                            + " it is the directory's own user, tag the WorkSpace " + guardrails.shared.findings.Exemption.TAG_KEY
                            + "=true, and create WorkSpaces with qualified names so the question does not arise.");
        }
        List<UserLookup.Refused> refusals = lookup.answers().filter(UserLookup.Refused.class::isInstance)
                .map(UserLookup.Refused.class::cast).toList();
        if (!refusals.isEmpty()) {
            UserLookup.Refused first = refusals.get(0);
            return UserOrigin.notCheckable("the Directory Service Data API refused to look up " + userName + " in "
                            + (first.realm() == null ? ownDomain : "the trusted realm " + first.realm()) + ": "
                            + first.error() + (first.reason() == null ? "" : " (" + first.reason() + ")"),
                    refusalRemedy(directory, first));
        }
        if (!trustedHits.isEmpty()) {
            String realm = trustedHits.get(0);
            String ownSide = shadow ? "found only a disabled account " + userName + " in " + ownDomain
                    + " whose UPN ends in @" + own.upnSuffix() + " (the shadow account WorkSpaces creates for a"
                    + " trusted-domain user)" : "found no enabled account " + userName + " in " + ownDomain;
            return UserOrigin.trusted(realm, "the Directory Service Data API found " + userName + " in the trusted"
                    + " realm " + realm + " and " + ownSide);
        }
        if (shadow) {
            return UserOrigin.notCheckable("a disabled account " + userName + " in " + ownDomain + " has a UPN ending"
                            + " in @" + own.upnSuffix() + " (the shadow account of a trusted-domain user), but the Data"
                            + " API found no " + userName + " in that realm",
                    "Check whether " + userName + " still exists in " + own.upnSuffix() + "; if the WorkSpace is for"
                            + " that user and not Windows, move it to a Windows bundle.");
        }
        return UserOrigin.directory("the Directory Service Data API found " + userName
                + (ownEnabled ? " enabled in " + ownDomain + " and" : "") + " in no trusted realm of "
                + directory.directoryId() + " (" + realms(directory) + ")");
    }

    /** What to do about each lasting refusal DescribeUser declares (ds-data/2023-05-31/service-2.json). */
    static String refusalRemedy(Directory directory, UserLookup.Refused refusal) {
        String realm = refusal.realm() == null ? directory.dnsName() : refusal.realm();
        String reason = refusal.reason() == null ? "" : refusal.reason();
        return switch (refusal.error() + "/" + reason) {
            case "AccessDeniedException/IAM_AUTH", "AccessDeniedException/" ->
                    "The function's role was refused ds-data:DescribeUser or ds:AccessDSData: check that its policy"
                            + " still grants both (template.yaml does) and that no service control policy or"
                            + " permissions boundary denies them.";
            case "AccessDeniedException/DIRECTORY_AUTH" ->
                    "The directory refused the Data API's request: check " + directory.directoryId() + "'s status"
                            + " (aws ds describe-directories) and its Data API access (aws ds"
                            + " describe-directory-data-access --directory-id " + directory.directoryId() + ").";
            case "ValidationException/INVALID_REALM" ->
                    "The Data API does not accept " + realm + " as a realm of " + directory.directoryId() + ": check"
                            + " that the trust with it exists and is Two-Way and Verified (aws ds describe-trusts"
                            + " --directory-id " + directory.directoryId() + ").";
            case "DirectoryUnavailableException/TRUST_AUTH_FAILURE" ->
                    "The directory could not authenticate across its trust with " + realm + ": verify the trust"
                            + " (aws ds verify-trust), the trust password on both sides and the conditional"
                            + " forwarder for " + realm + ".";
            case "DirectoryUnavailableException/INVALID_DIRECTORY_STATE" ->
                    "The directory " + directory.directoryId() + " is not Active: check its Stage (aws ds"
                            + " describe-directories) and wait for it or restore it.";
            case "DirectoryUnavailableException/NO_DISK_SPACE",
                 "DirectoryUnavailableException/DIRECTORY_RESOURCES_EXCEEDED",
                 "DirectoryUnavailableException/DIRECTORY_TIMEOUT" ->
                    "The domain controllers of " + directory.directoryId() + " are overloaded or out of space: check"
                            + " the directory's health in the Directory Service console and open a support case if"
                            + " it persists.";
            default -> "Read the error above; once the Data API answers for " + realm + ", check the user by hand.";
        } + " Until then, check by hand that the WorkSpace's user is not from a trusted domain: such a user needs a"
                + " Windows bundle.";
    }

    /** Windows bundles are named in the alert only when a trusted-domain user landed on another platform. */
    public static boolean needsWindowsBundles(CreationFacts facts) {
        return facts.workspaces().stream().anyMatch(ws -> isTrusted(facts, ws) && !isWindows(facts, ws));
    }

    // ---- what is wrong --------------------------------------------------------------------------------------

    public static List<Verdict> evaluate(CreationFacts facts) {
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, List<Workspace>> trustedUsersByDomain = new LinkedHashMap<>();
        Map<String, List<Workspace>> dataApiOffByDirectory = new LinkedHashMap<>();

        for (Workspace ws : facts.workspaces()) {
            Directory directory = facts.directories().get(ws.directoryId());
            UserOrigin origin = facts.origins().get(ws.workspaceId());
            if (directory == null || origin == null) {
                continue;
            }
            switch (origin.kind()) {
                case DATA_API_OFF -> {
                    dataApiOffByDirectory.computeIfAbsent(directory.directoryId(), k -> new ArrayList<>()).add(ws);
                    continue;
                }
                case AMBIGUOUS -> {
                    verdicts.add(Verdict.alert(ambiguousUser(ws, origin)));
                    continue;
                }
                case NOT_CHECKABLE -> {
                    verdicts.add(Verdict.alert(identityNotChecked(ws, origin)));
                    continue;
                }
                default -> {
                    // placed, or no placing needed: judged below
                }
            }
            if (!origin.trusted()) {
                continue;
            }
            trustedUsersByDomain.computeIfAbsent(directory.directoryId() + "|" + origin.domain(),
                    k -> new ArrayList<>()).add(ws);
            Platform platform = facts.platforms().getOrDefault(ws.workspaceId(), Platform.UNKNOWN);
            if (platform == Platform.NON_WINDOWS) {
                verdicts.add(new Verdict(trustedUserOnNonWindows(ws, directory, origin, facts), ws.workspaceId(),
                        new Verdict.Afterwards("Terminated " + ws.workspaceId() + ": not Windows, so trusted-domain"
                                + " user " + ws.userName() + " could never connect", recreateOnWindows(ws, facts),
                                recreateCommand(ws, facts).stream().toList())));
            } else if (platform == Platform.UNKNOWN) {
                verdicts.add(Verdict.alert(platformUnknown(ws, origin)));
            }
        }
        trustedUsersByDomain.forEach((key, workspaces) -> {
            Workspace first = workspaces.get(0);
            Directory directory = facts.directories().get(first.directoryId());
            String domain = facts.origins().get(first.workspaceId()).domain();
            trustProblem(directory, domain, workspaces).ifPresent(verdicts::add);
        });
        dataApiOffByDirectory.forEach((directoryId, workspaces) ->
                verdicts.add(Verdict.alert(dataApiDisabled(facts.directories().get(directoryId), workspaces))));
        for (FailedRequest failed : facts.failed()) {
            Directory directory = failed.directoryId() == null ? null : facts.directories().get(failed.directoryId());
            verdicts.add(Verdict.alert(failedRequest(failed, directory)));
        }
        return verdicts;
    }

    static Finding trustedUserOnNonWindows(Workspace ws, Directory directory, UserOrigin origin, CreationFacts facts) {
        return new Finding(GUARDRAIL, TERMINATING_RULE, Severity.CRITICAL, ws.workspaceId(),
                List.of(ws.directoryId(), ws.bundleId()),
                "Non-Windows WorkSpace " + ws.workspaceId() + " for trusted-domain user " + ws.userName()
                        + " can never connect",
                ws.workspaceId() + " (user " + ws.userName() + ", bundle " + ws.bundleId() + ", directory "
                        + directory.directoryId() + ") runs a non-Windows bundle for a user of the trusted domain "
                        + origin.domain() + ". Evidence: " + origin.evidence() + ".",
                F2,
                "None.",
                "Terminate " + ws.workspaceId() + " (REMEDIATE mode does it). " + recreateOnWindows(ws, facts))
                .withCommands(Stream.concat(Stream.of(ShellCommand.of("aws", "workspaces", "terminate-workspaces",
                        "--terminate-workspace-requests", "WorkspaceId=" + ws.workspaceId())),
                        recreateCommand(ws, facts).stream()).toArray(String[]::new));
    }

    /** The user's WorkSpace again, on the first Windows bundle found (none: nothing to paste). */
    static Optional<String> recreateCommand(Workspace ws, CreationFacts facts) {
        return facts.windowsBundles().stream().findFirst().map(bundle -> ShellCommand.of("aws", "workspaces",
                "create-workspaces", "--workspaces", "DirectoryId=" + ws.directoryId() + ",UserName=" + ws.userName()
                        + ",BundleId=" + bundle.bundleId()));
    }

    /** What is left once the WorkSpace is terminated: the user still needs one that can connect. */
    static String recreateOnWindows(Workspace ws, CreationFacts facts) {
        return "Create a WorkSpace again for " + ws.userName() + " on a Windows bundle: "
                + windowsBundleList(facts.windowsBundles()) + (facts.windowsBundles().isEmpty() ? ""
                : " (the command below takes the first)") + ". Trusted-domain users get no invitation email: send"
                + " them the directory's registration code by hand.";
    }

    static Finding platformUnknown(Workspace ws, UserOrigin origin) {
        return new Finding(GUARDRAIL, "TRUSTED_USER_PLATFORM_UNKNOWN", Severity.WARNING, ws.workspaceId(),
                List.of(ws.directoryId(), ws.bundleId()),
                "Could not tell whether WorkSpace " + ws.workspaceId() + " for a trusted-domain user runs Windows",
                "Neither the WorkSpace, its bundle " + ws.bundleId() + " nor the bundle's image says which"
                        + " operating system " + ws.workspaceId() + " runs; its user " + ws.userName()
                        + " is from the trusted domain " + origin.domain() + " (" + origin.evidence() + ").",
                F2,
                "None: the guardrail does not terminate on a guess.",
                "Check the bundle of " + ws.workspaceId() + ": if it is not Windows, terminate it and create it"
                        + " again on a Windows bundle.");
    }

    static Finding ambiguousUser(Workspace ws, UserOrigin origin) {
        return new Finding(GUARDRAIL, "AMBIGUOUS_USER_IDENTITY", Severity.WARNING, ws.workspaceId(),
                List.of(ws.directoryId(), ws.bundleId()),
                "WorkSpace " + ws.workspaceId() + ": user " + ws.userName() + " exists in the directory and in "
                        + origin.domain(),
                ws.workspaceId() + " (bundle " + ws.bundleId() + ", not Windows) was created for the bare user name "
                        + ws.userName() + ": " + origin.evidence() + ". WorkSpaces' API does not say which account"
                        + " it bound.",
                F2 + " If the WorkSpace is the trusted-domain user's, it can never connect; if it is the directory's"
                        + " own user's, it works.",
                "None: the guardrail does not terminate when it cannot tell whose WorkSpace it is.",
                origin.remedy());
    }

    static Finding identityNotChecked(Workspace ws, UserOrigin origin) {
        return new Finding(GUARDRAIL, "USER_IDENTITY_NOT_CHECKED", Severity.WARNING, ws.workspaceId(),
                List.of(ws.directoryId(), ws.bundleId()),
                "Could not tell whether the user of WorkSpace " + ws.workspaceId() + " is from a trusted domain",
                ws.workspaceId() + " (user " + ws.userName() + ", bundle " + ws.bundleId() + ", not Windows) is in "
                        + ws.directoryId() + ", which has trusts, and " + origin.evidence() + ".",
                F2 + " The guardrail does not guess: it terminates nothing it cannot prove.",
                "None.",
                origin.remedy());
    }

    /**
     * A WorkSpace of an old call (a replayed event) that no longer exists: said, not judged on the event's copy.
     *
     * @param ourAction what this guardrail did to it on an earlier attempt whose alert never went out (null: none)
     */
    public static Finding workspaceGone(Workspace ws, java.time.Instant callTime, String ourAction) {
        return new Finding(GUARDRAIL, "WORKSPACE_GONE_BEFORE_CHECK", ourAction == null ? Severity.INFO
                : Severity.CRITICAL, ws.workspaceId(), nonNull(ws.directoryId()),
                "WorkSpace " + ws.workspaceId() + (ourAction == null ? " no longer exists and was not checked"
                        : " was terminated by this guardrail; its alert is late"),
                "The CreateWorkspaces call of " + (callTime == null ? "an unknown time" : callTime.toString())
                        + " created " + ws.workspaceId() + ", which DescribeWorkspaces no longer lists. The event is"
                        + " older than " + WorkspaceCreationGuard.VISIBILITY_DELAY.toMinutes() + " minutes (a late"
                        + " retry or a replay from the failed-events queue), so it is not judged on the event's own"
                        + " copy." + (ourAction == null ? "" : " An earlier attempt of this guardrail terminated it ("
                        + ourAction + ") because its user is from a trusted domain and its bundle is not Windows;"
                        + " that attempt's alert could not be published."),
                ourAction == null ? "A guardrail judges what exists now, not an event's memory of it." : F2,
                ourAction == null ? "None." : ourAction,
                ourAction == null ? "Nothing, unless the WorkSpace was meant to exist: then check who terminated it"
                        + " (CloudTrail: TerminateWorkspaces)."
                        : "Create the WorkSpace again for its user on a Windows bundle, and send the user the"
                        + " registration code by hand.");
    }

    /** The findings about a trust rather than a WorkSpace: alerted once per trust state, not per call. */
    public static final java.util.Set<String> TRUST_RULES = java.util.Set.of("NO_TRUST_FOR_USER_DOMAIN",
            "USERS_ON_ONE_WAY_TRUST", "USERS_ON_UNVERIFIED_TRUST");

    static Optional<Verdict> trustProblem(Directory directory, String domain, List<Workspace> workspaces) {
        String ids = workspaces.stream().map(Workspace::workspaceId).collect(Collectors.joining(", "));
        List<String> related = new ArrayList<>(List.of(directory.directoryId()));
        workspaces.forEach(ws -> related.add(ws.workspaceId()));
        Optional<Trust> found = directory.trustFor(domain);
        if (found.isEmpty()) {
            return Optional.of(Verdict.alert(new Finding(GUARDRAIL, "NO_TRUST_FOR_USER_DOMAIN", Severity.CRITICAL,
                    directory.directoryId() + "/" + domain.toLowerCase(Locale.ROOT), related,
                    "Directory " + directory.directoryId() + " has no trust with " + domain + ", yet its users got"
                            + " WorkSpaces",
                    "WorkSpaces " + ids + " were requested for users of " + domain + ", but " + directory.directoryId()
                            + " trusts only: " + (directory.trusts().isEmpty() ? "no domain" : realms(directory)) + ".",
                    F1, "None.", recreateTrustSteps(directory, domain, null))
                    .withCommands(recreateTrustCommands(directory, domain, null))));
        }
        Trust trust = found.get();
        if (trust.direction() != TrustDirection.TWO_WAY) {
            // WARNING: G2 alerts the one-way trust itself as CRITICAL once per state; this names the WorkSpaces it
            // breaks, so one trust state makes one CRITICAL email.
            return Optional.of(Verdict.alert(new Finding(GUARDRAIL, "USERS_ON_ONE_WAY_TRUST", Severity.WARNING,
                    trust.trustId(), related,
                    "New WorkSpaces fail for " + trust.remoteDomain() + " users: trust on " + directory.directoryId()
                            + " is one-way",
                    "WorkSpaces " + ids + " were requested for users of " + trust.remoteDomain() + "; the trust "
                            + trust.trustId() + " of " + directory.directoryId() + " with that domain is "
                            + trust.direction().awsName() + " (state " + trust.state() + ").",
                    F1, "None: the trust password is never in the event, so no trust is changed automatically.",
                    recreateTrustSteps(directory, trust.remoteDomain(), trust))
                    .withCommands(recreateTrustCommands(directory, trust.remoteDomain(), trust))));
        }
        if (!trust.usableForWorkSpaces()) {
            Severity severity = trust.failed() ? Severity.CRITICAL : Severity.WARNING;
            return Optional.of(Verdict.alert(new Finding(GUARDRAIL, "USERS_ON_UNVERIFIED_TRUST", severity, trust.trustId(),
                    related,
                    "New WorkSpaces for " + trust.remoteDomain() + " users rely on a trust that is " + trust.state()
                            + ", not Verified",
                    "WorkSpaces " + ids + " were requested for users of " + trust.remoteDomain() + "; the two-way"
                            + " trust " + trust.trustId() + " is in state " + trust.state()
                            + (blank(trust.stateReason()) ? "" : " (" + trust.stateReason() + ")") + ".",
                    "Until the trust is Verified, the directory cannot reach " + trust.remoteDomain()
                            + " and its users' WorkSpaces fail. " + F1,
                    "None.",
                    trust.failed()
                            ? "Fix what the state reason names (DNS: a conditional forwarder for "
                            + trust.remoteDomain() + "; the remote side's matching trust and password; the security"
                            + " groups between the domains), then verify the trust again:"
                            : "Wait for the trust to reach Verified (Creating -> Verified takes minutes); if it"
                            + " does not, check the conditional forwarder for " + trust.remoteDomain()
                            + " and the remote side's trust.")
                    .withCommands(trust.failed() ? new String[] {ShellCommand.of("aws", "ds", "verify-trust",
                            "--trust-id", trust.trustId())} : new String[0])));
        }
        return Optional.empty();
    }

    static String recreateTrustSteps(Directory directory, String domain, Trust existing) {
        return TrustAdvice.recreateAsTwoWay(directory.directoryId(), domain, existing == null ? null : existing.trustId());
    }

    static String[] recreateTrustCommands(Directory directory, String domain, Trust existing) {
        return TrustAdvice.recreateCommands(directory.directoryId(), domain,
                existing == null ? null : existing.trustId()).toArray(String[]::new);
    }

    static Finding dataApiDisabled(Directory directory, List<Workspace> workspaces) {
        String ids = workspaces.stream().map(ws -> ws.workspaceId() + " (" + ws.userName() + ")")
                .collect(Collectors.joining(", "));
        return new Finding(GUARDRAIL, "DATA_API_NOT_ENABLED", Severity.WARNING, directory.directoryId(),
                workspaces.stream().map(Workspace::workspaceId).toList(),
                "Cannot tell whether new WorkSpaces' users are from a trusted domain: Data API off on "
                        + directory.directoryId(),
                "Non-Windows WorkSpaces " + ids + " were created in " + directory.directoryId() + ", which trusts "
                        + realms(directory) + ". Their user names are not qualified with a domain, and the Directory"
                        + " Service Data API is not enabled on the directory, so the guardrail cannot look them up.",
                F2 + " The guardrail does not guess: it terminates nothing it cannot prove.",
                "None.",
                "Enable the Data API, or check these users by hand: a trusted-domain user on a non-Windows"
                        + " WorkSpace must be moved to a Windows bundle.")
                .withCommands(ShellCommand.of("aws", "ds", "enable-directory-data-access", "--directory-id",
                        directory.directoryId()));
    }

    static Finding failedRequest(FailedRequest failed, Directory directory) {
        String user = failed.userName() == null ? "an unnamed user" : failed.userName();
        String code = failed.errorCode() == null ? "an unnamed error" : failed.errorCode();
        return new Finding(GUARDRAIL, "CREATE_REQUEST_FAILED", Severity.WARNING,
                "request:" + failed.directoryId() + "/" + user, nonNull(failed.directoryId(), failed.bundleId()),
                "WorkSpace for " + user + " was not created (" + code + ")",
                "CreateWorkspaces refused the WorkSpace for " + user + " in directory " + failed.directoryId()
                        + " with bundle " + failed.bundleId() + ": " + code
                        + (blank(failed.errorMessage()) ? "" : ": " + failed.errorMessage()) + ".",
                "A refused request leaves the user without a WorkSpace, and nobody is told unless someone reads the"
                        + " response.",
                "None.",
                likelyCause(failed, directory));
    }

    /** The most probable cause of a refused request, from its error and the directory's trusts (F1). */
    static String likelyCause(FailedRequest failed, Directory directory) {
        String text = (nullToEmpty(failed.errorCode()) + " " + nullToEmpty(failed.errorMessage()))
                .toLowerCase(Locale.ROOT);
        Optional<Trust> oneWay = directory == null ? Optional.empty() : directory.trusts().stream()
                .filter(trust -> trust.direction() != TrustDirection.TWO_WAY).findFirst();
        if (text.contains("unavailable") || (text.contains("user") && oneWay.isPresent())) {
            return oneWay.map(trust -> "Likely cause: the user is from " + trust.remoteDomain()
                            + ", which the directory trusts only " + trust.direction().awsName() + ". " + F1 + " "
                            + recreateTrustSteps(directory, trust.remoteDomain(), trust))
                    .orElse("Likely cause: the directory could not reach the user's domain. Check that the trust"
                            + " with that domain is Two-Way and Verified, and its conditional forwarder.");
        }
        if (text.contains("user")) {
            return "Likely cause: the user was not found in the directory. Check the name; a user of a trusted"
                    + " domain must be picked from that domain, and the trust must be Two-Way.";
        }
        if (text.contains("directory")) {
            return "Likely cause: the directory is not registered with WorkSpaces in this region. Register it"
                    + " (aws workspaces register-workspace-directory) or pick a registered one.";
        }
        if (text.contains("bundle")) {
            return "Likely cause: the bundle does not exist in this region or is not shared with the account.";
        }
        return "Read the error above, fix the request, and create the WorkSpace again.";
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static boolean isTrusted(CreationFacts facts, Workspace ws) {
        UserOrigin origin = facts.origins().get(ws.workspaceId());
        return origin != null && origin.trusted();
    }

    private static boolean isWindows(CreationFacts facts, Workspace ws) {
        return facts.platforms().get(ws.workspaceId()) == Platform.WINDOWS;
    }

    static String windowsBundleList(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return "(no Windows bundle was found in this region: create one from a Windows image)";
        }
        return bundles.stream().limit(5).map(b -> b.bundleId() + " (" + b.name() + ")")
                .collect(Collectors.joining(", ")) + (bundles.size() > 5 ? ", and " + (bundles.size() - 5) + " more" : "");
    }

    private static String realms(Directory directory) {
        return directory.trusts().stream().map(t -> t.remoteDomain() + " [" + t.direction().awsName() + ", "
                + t.state() + "]").collect(Collectors.joining(", "));
    }

    private static List<String> nonNull(String... values) {
        return java.util.Arrays.stream(values).filter(v -> v != null).toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
