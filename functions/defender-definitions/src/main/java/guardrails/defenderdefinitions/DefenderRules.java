package guardrails.defenderdefinitions;

import guardrails.shared.findings.Finding;
import guardrails.shared.findings.Severity;
import guardrails.shared.findings.ShellCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * G4's decisions, free of AWS types: how out of date a node's Defender is, and when that is news.
 */
public final class DefenderRules {

    public static final String GUARDRAIL = "G4-defender-definitions";

    /** The findings that say a problem is gone: they resolve the guardrail's Security Hub findings on the resource. */
    public static boolean isRecovery(Finding f) {
        return f.rule().equals("DEFENDER_RECOVERED") || f.rule().equals("UPDATE_DOCUMENT_RESTORED");
    }

    static final String F7 = "A WorkSpace in a closed network (no route to the internet) still activates Windows and"
            + " syncs time, but Windows Defender's definitions never update: in the field they were stuck for years."
            + " Closed networks need an internal source: a file share or WSUS.";

    private DefenderRules() {
    }

    public enum Level { OK, WARNING, CRITICAL }

    /**
     * How a node stands now.
     *
     * @param ageDays     the definitions' age today: the reported age plus the days since the report
     * @param needsUpdate an Update-MpSignature would help (definitions too old)
     * @param off         the node's WorkSpace is stopped: no agent runs, nothing can be sent
     */
    public record Assessment(Level level, List<String> problems, int ageDays, boolean needsUpdate, boolean off) {

        /** The first problem in a few words, for a title: "Defender definitions 400 days old". */
        String headline() {
            String first = problems.get(0);
            if (first.startsWith("definitions are ")) {
                return "Defender definitions " + ageDays + " days old";
            }
            if (first.startsWith("definitions were never updated")) {
                return "Defender definitions never updated";
            }
            if (first.startsWith("the node has not reported")) {
                return "No Defender report for " + first.replaceAll("\\D+(\\d+) hours.*", "$1") + " hours";
            }
            return "Defender: " + first;
        }
    }

    public static Assessment assess(DefenderStatus status, Optional<WorkspaceNode> workspace, DefenderPolicy policy,
                                    Instant now) {
        List<String> problems = new ArrayList<>();
        Level level = Level.OK;
        long sinceReport = Math.max(0, Duration.between(status.collectedAt(), now).toDays());
        int age = (int) (status.signatureAgeDays() + sinceReport);
        boolean off = workspace.map(WorkspaceNode::off).orElse(false);
        boolean neverUpdated = status.signatureLastUpdated() == null || status.signatureLastUpdated().isBlank();
        if (age >= policy.warningDays()) {
            problems.add(neverUpdated ? "definitions were never updated (version " + status.signatureVersion()
                    + ", age " + status.signatureAgeDays() + " as Defender reports it)"
                    : "definitions are " + age + " days old (version " + status.signatureVersion() + ", last updated "
                    + status.signatureLastUpdated() + ")");
            level = age >= policy.criticalDays() ? Level.CRITICAL : Level.WARNING;
        }
        if (!status.realTimeProtectionEnabled()) {
            problems.add("real-time protection is off");
            level = Level.CRITICAL;
        }
        if (!status.amServiceEnabled()) {
            problems.add("the antimalware service is off");
            level = Level.CRITICAL;
        }
        if (!status.antivirusEnabled()) {
            problems.add("antivirus is disabled");
            level = Level.CRITICAL;
        }
        Duration silence = Duration.between(status.collectedAt(), now);
        if (!off && silence.toHours() >= policy.staleHours()) {
            problems.add("the node has not reported for " + silence.toHours() + " hours (the collection stopped)");
            if (level == Level.OK) {
                level = Level.WARNING;
            }
        }
        return new Assessment(level, List.copyOf(problems), age, age >= policy.warningDays(), off);
    }

    /** A finding when the node's level changed since last reported (both ways); a node first seen OK is not news. */
    public static Optional<Finding> change(DefenderStatus status, Optional<WorkspaceNode> workspace,
                                           Assessment now, Optional<Level> previous) {
        if (previous.map(p -> p == now.level()).orElse(now.level() == Level.OK)) {
            return Optional.empty();
        }
        String who = name(status, workspace);
        // The finding is about the WorkSpace when the node is one's, its node then related; else about the node.
        String resource = workspace.map(WorkspaceNode::workspaceId).orElse(status.nodeId());
        List<String> related = workspace.isPresent() ? List.of(status.nodeId()) : List.of();
        if (now.level() == Level.OK) {
            return Optional.of(new Finding(GUARDRAIL, "DEFENDER_RECOVERED", Severity.INFO, resource, related,
                    "Defender up to date again on " + label(status, workspace),
                    who + ": definitions " + now.ageDays() + " days old, protection on, reporting; before: "
                            + previous.map(Enum::name).orElse("unknown") + ".",
                    F7, "None.", "Nothing to do."));
        }
        Severity severity = now.level() == Level.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(GUARDRAIL, "DEFENDER_OUT_OF_DATE", severity, resource, related,
                now.headline() + " on " + label(status, workspace),
                who + ": " + String.join("; ", now.problems()) + "." + (now.off()
                        ? " The WorkSpace is " + workspace.map(WorkspaceNode::state).orElse("off")
                        + ", so nothing can run on it now." : ""),
                F7,
                "None.",
                "Make sure the node can reach a definition source (a file share or WSUS in a closed network), then"
                        + " run Update-MpSignature on it (REMEDIATE mode does, through Run Command: the command below, if"
                        + " any, is what it sends). If real-time"
                        + " protection or the service is off, find out who turned it off and turn it on."));
    }

    static final String NOT_ENROLLED = "Systems Manager refused the command (AccessDeniedException): G4 may run its"
            + " document only on nodes tagged guardrails:defender = true, and this one is not";

    /**
     * How to enrol a node G4 could not update: the tag, what the enrolment should have done, and the command that
     * updates it now (G4 itself tries again when the node's level changes: a refusal is not retried blindly).
     */
    public static String enrol(String nodeId, String document, Map<String, List<String>> parameters) {
        return "Tag the node (the first command below). The associations then collect its status, and G4 updates it"
                + " when its level next changes; the second command updates it now. Enrolment should have tagged it: a"
                + " hybrid activation's --tags " + ENROLMENT_TAG + " tags every node it registers.";
    }

    static final String ENROLMENT_TAG = "Key=guardrails:defender,Value=true";

    /** The commands of {@link #enrol}: tag the node, then update it now. */
    public static String[] enrolCommands(String nodeId, String document, Map<String, List<String>> parameters) {
        String tag = isHybridNode(nodeId)
                ? ShellCommand.of("aws", "ssm", "add-tags-to-resource", "--resource-type", "ManagedInstance",
                        "--resource-id", nodeId, "--tags", ENROLMENT_TAG)
                : ShellCommand.of("aws", "ec2", "create-tags", "--resources", nodeId, "--tags", ENROLMENT_TAG);
        return new String[] {tag, sendCommand(nodeId, document, parameters)};
    }

    /** The Run Command invocations on a node, newest first: whether the update G4 started worked. */
    public static String invocations(String nodeId) {
        return ShellCommand.of("aws", "ssm", "list-command-invocations", "--instance-id", nodeId, "--details",
                "--query", "CommandInvocations[].[CommandId,DocumentName,Status,RequestedDateTime]", "--output",
                "table");
    }

    /**
     * The update G4 would start, as an AWS CLI command: the parameters as JSON in single quotes (the share path's
     * allow-list has no quote, so the shell passes it whole).
     */
    static String sendCommand(String nodeId, String document, Map<String, List<String>> parameters) {
        var json = guardrails.shared.Json.object();
        new java.util.TreeMap<>(parameters).forEach((name, values) -> values.forEach(json.putArray(name)::add));
        return ShellCommand.of("aws", "ssm", "send-command", "--document-name", document, "--document-version",
                UpdateDocument.PINNED_VERSION, "--instance-ids", nodeId, "--parameters", json.toString());
    }

    /**
     * The update document in the account is not the one this stack deployed (deleted, or replaced by another of the
     * same name): G4 sends it to no node until it is restored.
     */
    public static Finding documentNotDeployed(String document, String what) {
        return new Finding(GUARDRAIL, "UPDATE_DOCUMENT_NOT_DEPLOYED", Severity.CRITICAL, document, List.of(),
                "G4 updates no node: its update document " + document + " is not the one deployed",
                what + ".",
                "G4 runs this document as SYSTEM on every node whose definitions are out of date: whoever replaces"
                        + " it runs their own script there. G4 sends only the content this stack deployed, pinned by"
                        + " version and hash, so until the document is restored no definitions are updated.",
                "None: the document was sent to no node.",
                "Find who changed it: CloudTrail's DeleteDocument, CreateDocument and UpdateDocument events for "
                        + document + ". Then restore it from the deployed copy, from a clone of this repository:"
                        + " delete the one there (if any), create it again. G4 checks it again on its next run.")
                .withCommands(ShellCommand.of("aws", "ssm", "delete-document", "--name", document),
                        ShellCommand.of("aws", "ssm", "create-document", "--name", document, "--document-type",
                                "Command", "--document-format", "JSON", "--content", "file://" + DEPLOYED_COPY));
    }

    /** Where a clone of this repository holds the document's deployed content. */
    static final String DEPLOYED_COPY =
            "functions/defender-definitions/src/main/resources/guardrails/defenderdefinitions/update-document.json";

    /** The update document is the deployed one again. */
    static Finding documentRestored(String document) {
        return new Finding(GUARDRAIL, "UPDATE_DOCUMENT_RESTORED", Severity.INFO, document, List.of(),
                "G4's update document " + document + " is the deployed one again: updates resume",
                "Version " + UpdateDocument.PINNED_VERSION + " of " + document + " holds the content this stack"
                        + " deployed.",
                "G4 can update out-of-date definitions again.", "None.", "None.");
    }

    /** A hybrid managed node (mi- and 17 hex digits: ManagedInstanceId in ssm/2014-11-06/service-2.json). */
    public static boolean isHybridNode(String nodeId) {
        return nodeId.matches("mi-[0-9a-f]{17}");
    }

    /** The WorkSpace a node was matched to, no longer listed: terminated, so its silence is expected. */
    public static WorkspaceNode terminatedWorkspace(String workspaceId) {
        return new WorkspaceNode(workspaceId, "(terminated)", "TERMINATED", null, null);
    }

    /** A terminated WorkSpace's node, still registered: counts toward the tier's limit and will fall silent. */
    public static Finding nodeOfTerminatedWorkspace(String workspaceId, String nodeId) {
        return new Finding(GUARDRAIL, "NODE_OF_TERMINATED_WORKSPACE", Severity.INFO, nodeId, List.of(workspaceId),
                "WorkSpace " + workspaceId + " was terminated; its managed node " + nodeId + " is still registered",
                "TerminateWorkspaces terminated " + workspaceId + ", which reported its Defender status as the hybrid"
                        + " managed node " + nodeId + ".",
                "A registered hybrid node counts toward Systems Manager's standard tier (1,000 nodes per account and"
                        + " Region) and, once silent, would look like a node whose collection stopped.",
                "None.",
                "Deregister it (REMEDIATE mode does it):")
                .withCommands(ShellCommand.of("aws", "ssm", "deregister-managed-instance", "--instance-id", nodeId));
    }

    /** "WorkSpace ws-… (user alice, WSAMZN-…, node mi-…)" or "managed node mi-… (HOST-1)". */
    static String name(DefenderStatus status, Optional<WorkspaceNode> workspace) {
        return workspace.map(ws -> "WorkSpace " + ws.workspaceId() + " (user " + ws.userName() + ", "
                        + status.computerName() + ", node " + status.nodeId() + ")")
                .orElse("managed node " + status.nodeId() + " (" + status.computerName() + ")");
    }

    /** A title's name for the node: "WSAMZN-… (ws-…, alice)" or "HOST-1 (mi-…)", the computer name first. */
    static String label(DefenderStatus status, Optional<WorkspaceNode> workspace) {
        return status.computerName() + workspace.map(ws -> " (" + ws.workspaceId() + ", " + ws.userName() + ")")
                .orElse(" (" + status.nodeId() + ")");
    }

    /** The WorkSpace whose computer name (any case) or IP address is the node's. */
    public static Optional<WorkspaceNode> match(DefenderStatus status, List<WorkspaceNode> workspaces) {
        return workspaces.stream().filter(ws -> (ws.computerName() != null && status.computerName() != null
                        && ws.computerName().equalsIgnoreCase(status.computerName()))
                        || (ws.ipAddress() != null && !ws.ipAddress().isBlank()
                        && ws.ipAddress().equals(status.ipAddress())))
                .findFirst();
    }
}
