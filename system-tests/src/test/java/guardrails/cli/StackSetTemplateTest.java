package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.local.Template;
import guardrails.shared.reporting.DynamoDbFindingsLedger;
import guardrails.shared.reporting.SnsAlertChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The StackSet's template (template.yaml expanded by AWS's SAM translator) as CloudFormation would take it
 * in each case: an own topic, a central topic in the stack's Region, and one in another Region. The parts moto cannot
 * create (aliases, alarms, policies on topics and queues) are held here; OrganizationTest deploys the rest.
 */
class StackSetTemplateTest {

    static final String MEMBER = "222233334444";
    static final String CENTRAL_TOPIC = "arn:aws:sns:eu-west-1:111122223333:central-alerts";
    static final String CENTRAL_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    static final Map<String, String> CENTRAL = Map.of("CentralAlertTopicArn", CENTRAL_TOPIC,
            "CentralAlertKeyArn", CENTRAL_KEY);

    static JsonNode template;

    @BeforeAll
    static void packageIt() throws Exception {
        template = StackSetPackage.expandedTemplate();
    }

    private static ExpandedTemplate in(String region, Map<String, String> parameters) {
        return new ExpandedTemplate(template, parameters, MEMBER, region);
    }

    @Test
    void noTransformIsLeftAndCfnLintFindsNothing() throws Exception {
        assertFalse(template.has("Transform"), "service-managed StackSets refuse transforms");
        Process lint = new ProcessBuilder("cfn-lint", "system-tests/target/stackset/workspaces-guardrails.json")
                .directory(StackSetPackage.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), output);
    }

    @Test
    void everyReferenceResolvesWithAnOwnTopicAndWithACentralOne() {
        for (var parameters : List.of(Map.<String, String>of(), CENTRAL)) {
            for (String region : List.of("eu-west-1", "us-east-1")) {
                assertEquals(List.of(), in(region, parameters).resolveAll(), region + " " + parameters);
            }
        }
    }

    @Test
    void theCentralTopicAndItsKeyComeTogether() {
        assertEquals(List.of(), in("eu-west-1", Map.of()).failedRuleAssertions());
        assertEquals(List.of(), in("eu-west-1", CENTRAL).failedRuleAssertions());
        assertEquals(1, in("eu-west-1", Map.of("CentralAlertTopicArn", CENTRAL_TOPIC)).failedRuleAssertions().size());
        assertEquals(1, in("eu-west-1", Map.of("CentralAlertKeyArn", CENTRAL_KEY)).failedRuleAssertions().size());
    }

    @Test
    void eachFunctionsCodeSitsInTheBucketOfTheRegionItRunsIn() {
        Map<String, JsonNode> functions = in("eu-west-1", Map.of()).resources("AWS::Lambda::Function");
        assertEquals(new TreeSet<>(Template.load().functionIds()), new TreeSet<>(functions.keySet()));
        JsonNode raw = template.path("Resources");
        functions.forEach((id, properties) -> {
            assertEquals("{\"Fn::Sub\":\"guardrails-code-111122223333-${AWS::Region}\"}",
                    raw.path(id).path("Properties").path("Code").path("S3Bucket").toString(), id);
            assertEquals("guardrails-code-111122223333-eu-west-1", properties.path("Code").path("S3Bucket").asText(),
                    id);
            assertTrue(properties.path("Code").path("S3Key").asText()
                    .matches("workspaces-guardrails/[a-z-]+-[0-9a-f]{16}\\.jar"), id);
        });
        assertFalse(template.toString().contains("us-east-1"), "no Region is written into the template");
        assertFalse(template.toString().contains("\"arn:aws:"), "nor a partition");
    }

    @Test
    void everyRuleTargetsItsFunctionsLiveAliasAndDeadLettersToItsQueue() {
        ExpandedTemplate stack = in("eu-west-1", Map.of());
        Map<String, JsonNode> aliases = stack.resources("AWS::Lambda::Alias");
        Map<String, JsonNode> rules = stack.resources("AWS::Events::Rule");
        assertEquals(Template.load().functionIds().stream().mapToInt(f -> Template.load().function(f).rules().size())
                .sum(), rules.size(), "a rule for every event of every function");
        rules.forEach((id, rule) -> {
            String function = Template.load().functionIds().stream().filter(id::startsWith).findFirst().orElseThrow();
            JsonNode target = rule.path("Targets").get(0);
            assertEquals(1, rule.path("Targets").size(), id);
            assertEquals("ref:" + function + "Aliaslive", target.path("Arn").asText(), id);
            JsonNode alias = aliases.get(function + "Aliaslive");
            assertEquals("live", alias.path("Name").asText());
            assertEquals("ref:" + function, alias.path("FunctionName").asText());
            assertEquals("att:" + function.replaceFirst("Function$", "") + "FailedEvents.Arn",
                    target.path("DeadLetterConfig").path("Arn").asText(), id);
        });
        stack.resources("AWS::Lambda::Permission").forEach((id, permission) ->
                assertTrue(permission.path("FunctionName").asText().endsWith("Aliaslive"), id));
    }

    /** Each role: what LeastPrivilegeTest expects of its function, the reporting policy, and SAM's own grants. */
    @Test
    void everyRoleHasExactlyTheStatementsTheLeastPrivilegeTestExpects() {
        ExpandedTemplate stack = in("eu-west-1", Map.of());
        JsonNode reporting = stack.resources("AWS::IAM::ManagedPolicy").get("ReportingPolicy");
        LeastPrivilegeTest.DECLARED.forEach((function, actions) -> {
            JsonNode role = stack.resources("AWS::IAM::Role").get(function + "Role");
            Set<String> granted = new TreeSet<>();
            List<String> onFailure = new ArrayList<>();
            for (JsonNode policy : role.path("Policies")) {
                for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                    if (policy.path("PolicyName").asText().endsWith("EventInvokeConfigOnFailureSQSPolicy")) {
                        onFailure.add(statement.path("Action").asText() + " " + statement.path("Resource").asText());
                    } else if (!"Deny".equals(statement.path("Effect").asText())) { // a Deny grants nothing
                        statement.path("Action").forEach(a -> granted.add(a.asText()));
                        if (statement.path("Action").isTextual()) {
                            granted.add(statement.path("Action").asText());
                        }
                    }
                }
            }
            Set<String> expected = new TreeSet<>(actions);
            // G5 may add rules only with ControllersAllowedCidrs and ControllersVpcIds (not given here).
            expected.remove("ec2:AuthorizeSecurityGroupIngress");
            assertEquals(expected, granted, function);
            assertEquals(List.of("sqs:SendMessage att:" + function.replaceFirst("Function$", "")
                    + "FailedEvents.Arn"), onFailure, function + ": the on-failure destination, its own queue only");
            assertEquals("[\"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\",\"ref:ReportingPolicy\"]",
                    role.path("ManagedPolicyArns").toString(), function);
        });
        Set<String> reportingActions = new TreeSet<>();
        reporting.path("PolicyDocument").path("Statement").forEach(s -> s.path("Action")
                .forEach(a -> reportingActions.add(a.asText())));
        Set<String> expected = new TreeSet<>(SnsAlertChannel.IAM_ACTIONS);
        expected.addAll(DynamoDbFindingsLedger.IAM_ACTIONS);
        assertEquals(expected, reportingActions);
    }

    @Test
    void withItsOwnTopicTheStackAlertsThereAndItsAlarmsReachBothTopics() {
        ExpandedTemplate stack = in("eu-west-1", Map.of());
        assertTrue(stack.creates("AlertTopic") && stack.creates("AlertKey"));
        assertReportsTo(stack, "ref:AlertTopic", "att:AlertKey.Arn", List.of("ref:AlertTopic", "ref:HealthTopic"));
    }

    @Test
    void aCentralTopicInItsRegionReplacesTheStacksOwnForAlertsAndAlarms() {
        ExpandedTemplate stack = in("eu-west-1", CENTRAL);
        for (String own : List.of("AlertTopic", "AlertKey", "AlertEmailSubscription")) {
            assertFalse(stack.creates(own), own + " is not created with a central topic");
        }
        assertTrue(stack.creates("HealthTopic"), "the alarms' second path stays in the account");
        assertReportsTo(stack, CENTRAL_TOPIC, CENTRAL_KEY, List.of(CENTRAL_TOPIC, "ref:HealthTopic"));
    }

    @Test
    void aCentralTopicInAnotherRegionTakesTheAlertsAndTheAlarmsStayWithTheHealthTopic() {
        // CloudWatch refuses an alarm action in another Region ("Invalid region ... specified"): the stack would fail.
        ExpandedTemplate stack = in("us-east-1", CENTRAL);
        assertFalse(stack.creates("AlertTopic"));
        assertReportsTo(stack, CENTRAL_TOPIC, CENTRAL_KEY, List.of("ref:HealthTopic"));
    }

    private static void assertReportsTo(ExpandedTemplate stack, String topic, String key, List<String> alarmActions) {
        stack.resources("AWS::Lambda::Function").forEach((id, function) -> assertEquals(topic,
                function.path("Environment").path("Variables").path("ALERT_TOPIC_ARN").asText(), id));
        JsonNode statements = stack.resources("AWS::IAM::ManagedPolicy").get("ReportingPolicy")
                .path("PolicyDocument").path("Statement");
        Map<String, String> resources = new java.util.HashMap<>();
        statements.forEach(s -> resources.put(s.path("Sid").asText(), s.path("Resource").asText()));
        assertEquals(topic, resources.get("PublishAlerts"), "publish to exactly that topic");
        assertEquals(key, resources.get("EncryptAlerts"), "and use exactly its key");
        Map<String, JsonNode> alarms = stack.resources("AWS::CloudWatch::Alarm");
        assertEquals(19, alarms.size());
        alarms.forEach((id, alarm) -> {
            List<String> actions = new ArrayList<>();
            alarm.path("AlarmActions").forEach(a -> actions.add(a.asText()));
            assertEquals(alarmActions, actions, id);
            assertEquals(alarm.path("AlarmActions"), alarm.path("OKActions"), id);
        });
        stack.resources("AWS::Chatbot::SlackChannelConfiguration").values().forEach(c -> assertEquals(
                alarmActions.contains("ref:AlertTopic") ? 2 : 1, c.path("SnsTopicArns").size()));
        assertEquals(List.of(), stack.problems());
    }

    /**
     * The central topic and its key take the guardrail functions' roles only: every function role the StackSet
     * creates is on the path the central policies name, and no statement lets the whole organization publish.
     */
    @Test
    void theCentralTopicTakesTheFunctionRolesOnlyAndEveryFunctionRoleIsOnTheirPath() {
        String roles = "arn:${AWS::Partition}:iam::*:role/workspaces-guardrails/*";
        Map<String, JsonNode> iamRoles = in("eu-west-1", CENTRAL).resources("AWS::IAM::Role");
        for (String function : Template.load().functionIds()) {
            assertEquals("/workspaces-guardrails/", iamRoles.get(function + "Role").path("Path").asText(), function);
        }
        Template central = Template.load(StackSetPackage.ROOT.resolve("central-alerts.yaml"));
        JsonNode topicPolicy = central.resources("AWS::SNS::TopicPolicy").get("AlertTopicPolicy")
                .path("PolicyDocument");
        JsonNode keyPolicy = central.resources("AWS::KMS::Key").get("AlertKey").path("KeyPolicy");
        for (JsonNode statement : List.of(topicPolicy, keyPolicy).stream()
                .flatMap(p -> java.util.stream.StreamSupport.stream(p.path("Statement").spliterator(), false))
                .toList()) {
            boolean anyAwsPrincipal = "*".equals(statement.path("Principal").path("AWS").asText());
            if (anyAwsPrincipal) {
                assertEquals(roles, statement.path("Condition").path("ArnLike").path("aws:PrincipalArn").asText(),
                        statement.path("Sid").asText());
                assertTrue(statement.path("Condition").path("StringEquals").has("aws:PrincipalOrgID"));
            }
        }
    }

    /** With ControllersAllowedCidrs and the directories' VPCs, G5 may add rules in those VPCs only. */
    @Test
    void networkExposureAddsRulesOnlyInTheNamedVpcs() {
        ExpandedTemplate stack = in("eu-west-1", Map.of("ControllersAllowedCidrs", "10.20.0.0/16",
                "ControllersVpcIds", "vpc-0a1b2c3d,vpc-0123456789abcdef0"));
        JsonNode authorize = null;
        for (JsonNode policy : stack.resources("AWS::IAM::Role").get("NetworkExposureFunctionRole")
                .path("Policies")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                if (statement.path("Action").asText().equals("ec2:AuthorizeSecurityGroupIngress")) {
                    authorize = statement;
                }
            }
        }
        assertTrue(authorize != null, "granted when configured");
        assertEquals("[\"arn:*:ec2:*:*:vpc/vpc-0a1b2c3d\",\"arn:*:ec2:*:*:vpc/vpc-0123456789abcdef0\"]",
                authorize.path("Condition").path("StringLike").path("ec2:Vpc").toString());
        assertEquals(1, in("eu-west-1", Map.of("ControllersAllowedCidrs", "10.20.0.0/16")).failedRuleAssertions()
                .size(), "the CIDRs without the VPCs are refused at deployment");
    }
}
