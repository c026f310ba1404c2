package guardrails.cli;

import guardrails.local.Template;
import guardrails.shared.registry.Guardrail;
import guardrails.shared.channels.SnsAlertChannel;
import guardrails.shared.lifecycle.FindingsTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * Each function's policy in template.yaml grants exactly the actions its code declares it calls (every AWS-facing
 * class lists its IAM actions), no wildcard action, and no mutating action on every resource. Lives here, in the
 * module that sees every function.
 */
class LeastPrivilegeTest {

    /** What each function's code calls, as its guardrail declares it (its gateway, and the mode parameter). */
    static final Map<String, List<String>> DECLARED = Guardrail.all().stream().collect(
            java.util.stream.Collectors.toMap(Guardrail::logicalId,
                    Guardrail::iamActions));

    static final Template TEMPLATE = Template.load();

    static Stream<String> functions() {
        return TEMPLATE.functionIds().stream();
    }

    @Test
    void everyFunctionDeclaresItsActions() {
        assertEquals(new TreeSet<>(TEMPLATE.functionIds()), new TreeSet<>(DECLARED.keySet()));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void policyGrantsExactlyTheActionsTheCodeCalls(String logicalId) {
        Set<String> declared = new TreeSet<>(DECLARED.get(logicalId));
        declared.addAll(SnsAlertChannel.IAM_ACTIONS);
        declared.addAll(FindingsTable.IAM_ACTIONS);
        assertEquals(declared, new TreeSet<>(TEMPLATE.function(logicalId).iamActions()));
    }

    /**
     * What each function was seen to call at the wire while the function modules' end-to-end tests invoked it
     * against the emulator (recorded by the stand-in, see WireCalls), held against its policy and its declaration:
     * a call the policy does not grant would be AccessDenied in AWS, whatever the hand-kept lists say.
     */
    @ParameterizedTest
    @MethodSource("functions")
    void everyCallSeenAtTheWireIsGrantedAndDeclared(String logicalId) throws Exception {
        List<java.nio.file.Path> folders;
        try (var modules = java.nio.file.Files.list(java.nio.file.Path.of("..", "functions"))) {
            folders = modules.map(m -> m.resolve("target/wire-calls")).toList();
        }
        Set<String> seen = guardrails.local.WireCalls.recorded(logicalId, folders);
        assertFalse(seen.isEmpty(), logicalId + ": no call recorded at the wire; run the whole suite (./guardrails"
                + " test): the function modules' end-to-end tests record them");
        Set<String> granted = new TreeSet<>(TEMPLATE.function(logicalId).iamActions());
        Set<String> declared = new TreeSet<>(DECLARED.get(logicalId));
        declared.addAll(SnsAlertChannel.IAM_ACTIONS);
        declared.addAll(FindingsTable.IAM_ACTIONS);
        for (String action : seen) {
            org.junit.jupiter.api.Assertions.assertTrue(granted.contains(action),
                    logicalId + " called " + action + " at the wire, which its policy does not grant: " + granted);
            org.junit.jupiter.api.Assertions.assertTrue(declared.contains(action),
                    logicalId + " called " + action + ", which its code does not declare");
        }
        if (seen.contains("ds-data:DescribeUser")) {
            org.junit.jupiter.api.Assertions.assertTrue(granted.contains("ds:AccessDSData"),
                    "the Data API also needs ds:AccessDSData");
        }
    }

    /** SecurityHubFindings=Enabled adds one policy to every function's role: exactly what the channel calls. */
    @Test
    void theSecurityHubPolicyGrantsExactlyWhatTheChannelCallsToEveryFunction() throws Exception {
        var policy = TEMPLATE.resources("AWS::IAM::Policy").get("SecurityHubFindingsPolicy");
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("..",
                "template.yaml")).contains("  SecurityHubFindingsPolicy:\n    Type: AWS::IAM::Policy\n"
                + "    Condition: ImportsToSecurityHub\n"), "only with the parameter Enabled");
        Set<String> roles = new TreeSet<>();
        policy.path("Roles").forEach(r -> roles.add(r.asText()));
        assertEquals(new TreeSet<>(TEMPLATE.functionIds().stream().map(id -> id + "Role").toList()), roles);
        Set<String> actions = new TreeSet<>();
        policy.path("PolicyDocument").path("Statement").forEach(statement -> {
            statement.path("Action").forEach(a -> actions.add(a.asText()));
            if (statement.path("Action").isTextual()) {
                actions.add(statement.path("Action").asText());
            }
            org.junit.jupiter.api.Assertions.assertTrue(statement.path("Resource").asText().contains(
                    ":securityhub:${AWS::Region}:${AWS::AccountId}:"), statement.toString());
        });
        assertEquals(new TreeSet<>(guardrails.shared.channels.SecurityHubChannel.IAM_ACTIONS), actions);
    }

    @ParameterizedTest
    @MethodSource("functions")
    void noWildcardActionAndNoMutationOnEveryResource(String logicalId) {
        for (Template.Statement statement : TEMPLATE.function(logicalId).policy()) {
            assertFalse(statement.sid().isBlank(), "every statement has a Sid");
            for (String action : statement.actions()) {
                assertFalse(action.contains("*"), statement.sid() + ": " + action);
                String verb = action.substring(action.indexOf(':') + 1);
                boolean reads = verb.startsWith("Describe") || verb.startsWith("List") || verb.startsWith("Get");
                assertFalse(!reads && statement.resources().contains("*"),
                        logicalId + "/" + statement.sid() + ": " + action + " on Resource *");
            }
        }
    }

    /**
     * SAM gives every function AWSLambdaBasicExecutionRole (logs:* on every log group): a Deny narrows each to its
     * own group, named by the function's LoggingConfig, and to no other function's.
     */
    @ParameterizedTest
    @MethodSource("functions")
    void eachFunctionLogsToItsOwnGroupOnly(String logicalId) {
        String own = logicalId.replace("Function", "LogGroup");
        List<Template.Statement> denials = TEMPLATE.function(logicalId).policy().stream()
                .filter(s -> !s.allows()).toList();
        assertEquals(1, denials.size(), logicalId);
        Template.Statement logs = denials.get(0);
        assertEquals("Deny", logs.effect());
        assertEquals(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"), logs.actions());
        assertEquals(List.of(), logs.resources(), "denied everywhere but NotResource");
        assertEquals(List.of(own + ".Arn", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${"
                + own + "}"), logs.notResources(), logicalId);
        assertEquals(own, Template.load().resources("AWS::Serverless::Function").get(logicalId)
                .path("LoggingConfig").path("LogGroup").asText(), "the group it logs to");
    }

    /**
     * G5 adds rules only to replace the controllers' world rules: only when ControllersAllowedCidrs and the
     * directories' VPCs are given, only in those VPCs, never on an exempt group; revoking needs neither.
     */
    @Test
    void networkExposureAddsRulesOnlyWhenConfiguredAndOnlyInTheDirectoriesVpcs() {
        var policy = TEMPLATE.function("NetworkExposureFunction").policy();
        Template.Statement authorize = policy.stream()
                .filter(s -> s.actions().contains("ec2:AuthorizeSecurityGroupIngress")).findFirst().orElseThrow();
        assertEquals(List.of("ec2:AuthorizeSecurityGroupIngress"), authorize.actions());
        assertEquals("ReplacesControllerRules", authorize.onlyIf());
        assertTrue(authorize.condition().path("StringLike").has("ec2:Vpc"), authorize.condition().toString());
        assertEquals("true", authorize.condition().path("StringNotEqualsIgnoreCase")
                .path("aws:ResourceTag/guardrails:exempt").asText());
        Template.Statement revoke = policy.stream()
                .filter(s -> s.actions().contains("ec2:RevokeSecurityGroupIngress")).findFirst().orElseThrow();
        assertEquals(null, revoke.onlyIf());
        assertEquals(List.of("ec2:RevokeSecurityGroupIngress"), revoke.actions());
    }

    /** A guardrail reads its own mode parameter only: the one the template creates for it (<prefix>ModeParameter). */
    @Test
    void eachGuardrailThatCanActReadsOnlyItsOwnModeParameter() {
        Map<String, String> own = Guardrail.all().stream().filter(Guardrail::canAct).collect(
                java.util.stream.Collectors.toMap(Guardrail::logicalId, g -> g.resourcePrefix() + "ModeParameter"));
        assertFalse(own.isEmpty(), "some guardrail can act");
        for (String logicalId : TEMPLATE.functionIds()) {
            List<Template.Statement> reads = TEMPLATE.function(logicalId).policy().stream()
                    .filter(s -> s.actions().contains("ssm:GetParameter")).toList();
            if (!own.containsKey(logicalId)) {
                assertTrue(reads.isEmpty(), logicalId + " has no mode to read");
                continue;
            }
            assertEquals(1, reads.size(), logicalId);
            assertEquals(List.of("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${"
                    + own.get(logicalId) + "}"), reads.get(0).resources(), logicalId);
        }
    }

    /**
     * G4 may run Run Command with its own document only, and only on nodes tagged for the guardrail; it reads that
     * document (its pinned version's hash and content) and no other.
     */
    @Test
    void defenderSendsOnlyItsOwnDocumentAndOnlyToTaggedNodes() {
        List<Template.Statement> sends = TEMPLATE.function("DefenderDefinitionsFunction").policy().stream()
                .filter(s -> s.actions().contains("ssm:SendCommand")).toList();
        assertEquals(2, sends.size(), "one statement for the document, one for the nodes");
        for (Template.Statement statement : sends) {
            boolean document = statement.resources().stream().anyMatch(r -> r.contains(":document/"));
            assertEquals(document ? List.of("ssm:SendCommand", "ssm:DescribeDocument", "ssm:GetDocument")
                    : List.of("ssm:SendCommand"), statement.actions(), statement.sid());
            if (document) {
                assertEquals(List.of("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:document/"
                        + "${DefenderUpdateDocument}"), statement.resources(), "the template's document only");
            } else {
                assertTrue(statement.resources().stream().allMatch(r -> r.endsWith(":instance/*")
                        || r.endsWith(":managed-instance/*")), statement.resources().toString());
                assertEquals("true", statement.condition().path("StringEquals")
                        .path("ssm:resourceTag/guardrails:defender").asText(), "nodes tagged for the guardrail only");
            }
        }
    }
}
