package guardrails.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import guardrails.local.AlertInbox;
import guardrails.local.FieldKit;
import guardrails.local.FieldScenario;
import guardrails.local.LocalAws;
import guardrails.local.LocalInvoker;
import guardrails.local.Template;
import guardrails.local.TopicPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's organization deployment on the emulator: an organization (a management account, an alerting account, two accounts in a WorkSpaces
 * OU) follows the README's "An organization" section as written — its shell blocks run with the AWS CLI against the
 * emulator — and the stack instances' resources are then read in each member account and Region. Then a guardrail
 * of one account alerts the central topic of another account in another Region.
 *
 * <p>One thing differs from AWS: between packaging and creating the StackSet, the uploaded template is replaced by
 * the largest part of it moto's CloudFormation creates ({@link #partMotoCreates}); StackSetTemplateTest holds the
 * rest.
 */
class OrganizationTest {

    static final LocalAws AWS = LocalAws.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
    static final String ADMIN_REGION = "eu-west-1";

    static String organizationId;
    static String ouId;
    static List<String> members = new ArrayList<>();
    static String alerting;
    static Path workdir;
    static Map<String, String[]> centralTopics = new HashMap<>(); // Region -> topic, key

    @BeforeAll
    static void anOrganizationFollowsTheReadme() throws Exception {
        AWS.reset();
        // The organization the README starts from: the management account (the emulator's default), an alerting
        // account at the root, and two accounts in the OU that holds WorkSpaces.
        OrganizationsClient org = AWS.client(OrganizationsClient.builder());
        organizationId = org.createOrganization(r -> r.featureSet("ALL")).organization().id();
        String root = org.listRoots(r -> { }).roots().get(0).id();
        ouId = org.createOrganizationalUnit(r -> r.parentId(root).name("workspaces")).organizationalUnit().id();
        alerting = account(org, "alerting");
        for (String name : List.of("workspaces-a", "workspaces-b")) {
            String id = account(org, name);
            org.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(ouId));
            members.add(id);
        }

        workdir = Files.createTempDirectory("organization");
        for (String file : List.of("guardrails", "tools", "Makefile", "template.yaml", "central-alerts.yaml")) {
            Files.createSymbolicLink(workdir.resolve(file), StackSetPackage.ROOT.resolve(file));
        }
        List<String> blocks = readmeBlocks();
        assertEquals(5, blocks.size(), "settings, step 1, step 2 (package, StackSet), step 3: " + blocks);
        assertTrue(blocks.get(0).startsWith("REGIONS=") && blocks.get(0).contains(" ORG_ID=")
                && blocks.get(0).contains(" OU_ID=") && blocks.get(0).contains(" CODE_BUCKET_PREFIX="), blocks.get(0));
        Map<String, String> settings = Map.of("REGIONS", String.join(",", REGIONS), "ORG_ID", organizationId,
                "OU_ID", ouId, "CODE_BUCKET_PREFIX", StackSetPackage.BUCKET_PREFIX,
                "GUARDRAILS_JARS", StackSetPackage.standInJars().toString());

        run(blocks.get(1), settings, as(alerting));
        for (String line : Files.readAllLines(workdir.resolve("central-topics.txt"))) {
            String[] fields = line.split("\\s+");
            centralTopics.put(fields[0], new String[]{fields[1], fields[2]});
        }
        // SNS applies the central topic's policy; moto does not: the stand-in does, as the template writes it.
        TopicPolicy policy = TopicPolicy.enforce(AWS, Template.load(StackSetPackage.ROOT.resolve("central-alerts.yaml"))
                .resources("AWS::SNS::TopicPolicy").get("AlertTopicPolicy").path("PolicyDocument"));
        centralTopics.values().forEach(topic -> policy.on(topic[0]));
        run(blocks.get(2), settings, null);
        replaceUploadedTemplateWithThePartMotoCreates();
        run(blocks.get(3), settings, null);
        String instances = run(blocks.get(4), settings, null);
        Set<String> current = new TreeSet<>(List.of(instances.strip().split("\n")));
        Set<String> expected = new TreeSet<>();
        for (String member : members) {
            for (String region : REGIONS) {
                expected.add(member + "\t" + region + "\tCURRENT");
            }
        }
        assertEquals(expected, current, "step 3: every account of the OU in every Region");
    }

    @Test
    void eachRegionHasACentralTopicEncryptedWithItsKeyInTheAlertingAccount() {
        assertEquals(new TreeSet<>(REGIONS), new TreeSet<>(centralTopics.keySet()));
        centralTopics.forEach((region, topic) -> {
            assertTrue(topic[0].startsWith("arn:aws:sns:" + region + ":" + alerting + ":"), topic[0]);
            assertTrue(topic[1].startsWith("arn:aws:kms:" + region + ":" + alerting + ":key/"), topic[1]);
            var attributes = AWS.clientAs(SnsClient.builder(), credentials(alerting), region)
                    .getTopicAttributes(r -> r.topicArn(topic[0])).attributes();
            assertTrue(topic[1].endsWith(attributes.get("KmsMasterKeyId").replaceAll(".*/", "")),
                    "encrypted with the key the stack gives: " + attributes);
        });
    }

    @Test
    void everyMemberAccountInEveryRegionRunsTheGuardrailsAsTheTemplateSays() {
        Template template = Template.load();
        for (String member : members) {
            for (String region : REGIONS) {
                String where = member + "/" + region;
                Credentials credentials = credentials(member);
                String[] central = centralTopics.get(region);
                List<FunctionConfiguration> functions = AWS.clientAs(LambdaClient.builder(), credentials, region)
                        .listFunctions().functions();
                assertEquals(template.functionIds().size(), functions.size(), where);
                String table = AWS.clientAs(DynamoDbClient.builder(), credentials, region).listTables().tableNames()
                        .get(0);
                for (FunctionConfiguration function : functions) {
                    String logicalId = template.functionIds().stream()
                            .filter(id -> function.functionName().contains("-" + id + "-")).findFirst().orElseThrow();
                    Template.Function declared = template.function(logicalId);
                    assertEquals(declared.handler(), function.handler(), where + " " + logicalId);
                    assertEquals("java21", function.runtimeAsString());
                    assertEquals(512, function.memorySize());
                    assertEquals(60, function.timeout());
                    Map<String, String> env = function.environment().variables();
                    assertEquals(central[0], env.get("ALERT_TOPIC_ARN"), where + " " + logicalId);
                    assertEquals(table, env.get("FINDINGS_TABLE"));
                    declared.environment().forEach((name, value) -> assertEquals(value, env.get(name),
                            where + " " + logicalId + " " + name));
                }
                assertEquals(1, AWS.clientAs(SnsClient.builder(), credentials, region).listTopics().topics().size(),
                        where + ": the health topic only, no alert topic of its own");
                assertEquals(6, AWS.clientAs(SqsClient.builder(), credentials, region).listQueues().queueUrls().size(),
                        where + ": a failed-events queue per function");
                var rules = AWS.clientAs(EventBridgeClient.builder(), credentials, region).listRules(r -> { })
                        .rules();
                assertEquals(template.functionIds().stream().mapToInt(f -> template.function(f).rules().size()).sum(),
                        rules.size(), where);
                assertEquals(guardrails.shared.registry.Guardrail.all().stream().filter(g -> g.canAct()).count(),
                        AWS.clientAs(SsmClient.builder(), credentials, region)
                        .describeParameters(r -> { }).parameters().stream().count(),
                        where + ": a mode parameter per acting guardrail");
            }
            // IAM is global: each Region's instance has its roles, one per function.
            long roles = AWS.clientAs(IamClient.builder(), credentials(member), ADMIN_REGION).listRoles().roles()
                    .stream().filter(r -> r.roleName().contains("FunctionRole")).count();
            assertEquals(template.functionIds().size() * REGIONS.size(), roles, member);
        }
    }

    @Test
    void eachMembersReportingPolicyPublishesToItsRegionsCentralTopicAndUsesItsKeyOnly() throws Exception {
        for (String member : members) {
            IamClient iam = AWS.clientAs(IamClient.builder(), credentials(member), ADMIN_REGION);
            List<String> documents = new ArrayList<>();
            for (var policy : iam.listPolicies(r -> r.scope("Local")).policies()) {
                if (policy.policyName().contains("ReportingPolicy")) {
                    String document = iam.getPolicyVersion(r -> r.policyArn(policy.arn())
                            .versionId(policy.defaultVersionId())).policyVersion().document();
                    documents.add(java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            assertEquals(REGIONS.size(), documents.size(), "one per Region's stack instance");
            for (String region : REGIONS) {
                String[] central = centralTopics.get(region);
                JsonNode statements = documents.stream().map(OrganizationTest::parse)
                        .filter(d -> d.toString().contains(central[0])).findFirst().orElseThrow().path("Statement");
                Map<String, String> resources = new HashMap<>();
                statements.forEach(s -> resources.put(s.path("Sid").asText(), s.path("Resource").asText()));
                assertEquals(central[0], resources.get("PublishAlerts"), region);
                assertEquals(central[1], resources.get("EncryptAlerts"), region);
            }
        }
    }

    /**
     * Nobody but the guardrails speaks in the alert channels: an administrator of a member account is refused by the
     * central topic, a guardrail function's role of that account (the path the template gives it) is not.
     */
    @Test
    void onlyTheGuardrailRolesOfTheOrganizationPublishToTheCentralTopic() {
        String member = members.get(0);
        String topic = centralTopics.get(ADMIN_REGION)[0];
        // A well-formed alert that looks like another account's, as a compromised member account could write one.
        var forged = new guardrails.shared.findings.Finding("G5-network-exposure", "RDP_OPEN_TO_WORLD",
                guardrails.shared.findings.Severity.CRITICAL, "sg-0123456789abcdef0", List.of(),
                "Forged: click here", "seen", "why", "None.", "Sign in at evil.example");
        var context = new guardrails.shared.channels.AlertChannel.AlertContext(members.get(1), ADMIN_REGION, "e-1");
        var admin = new guardrails.shared.channels.SnsAlertChannel(
                AWS.clientAs(SnsClient.builder(), credentials(member), ADMIN_REGION), topic);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.sns.model.AuthorizationErrorException.class,
                () -> admin.publish(forged, context));
        assertEquals(403, refused.statusCode());

        IamClient iam = AWS.clientAs(IamClient.builder(), credentials(member), ADMIN_REGION);
        var roles = iam.listRoles(r -> r.pathPrefix("/workspaces-guardrails/")).roles();
        assertEquals(Template.load().functionIds().size() * REGIONS.size(), roles.size(),
                "every function role of the StackSet is on the path: " + roles);
        Credentials guardrail = AWS.client(StsClient.builder()).assumeRole(r -> r.roleSessionName("function")
                .roleArn(roles.get(0).arn())).credentials();
        var finding = new guardrails.shared.findings.Finding("G5-network-exposure", "RDP_OPEN_TO_WORLD",
                guardrails.shared.findings.Severity.INFO, "sg-0123456789abcdef0", List.of(), "A guardrail speaks",
                "seen", "why", "None.", "Nothing to do.");
        new guardrails.shared.channels.SnsAlertChannel(AWS.clientAs(SnsClient.builder(), guardrail, ADMIN_REGION),
                topic).publish(finding, new guardrails.shared.channels.AlertChannel.AlertContext(member,
                ADMIN_REGION, "e-2"));
    }

    /**
     * The code and the template sit in buckets named with the packaging account's id (nobody else's bucket can be
     * the one the stack instances read), versioned, readable by the organization in the caller's partition; the
     * StackSet's template URL pins the version uploaded.
     */
    @Test
    void theCodeBucketsAreThePackagingAccountsAndTheTemplateUrlPinsItsVersion() throws Exception {
        S3Client s3 = AWS.client(S3Client.builder());
        for (String region : REGIONS) {
            String bucket = StackSetPackage.BUCKET_PREFIX + "-" + LocalAws.ACCOUNT + "-" + region;
            assertEquals("Enabled", s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString(), bucket);
            JsonNode policy = parse(s3.getBucketPolicy(r -> r.bucket(bucket)).policy());
            assertEquals("arn:aws:s3:::" + bucket + "/workspaces-guardrails/*",
                    policy.path("Statement").get(0).path("Resource").asText());
            assertEquals(organizationId, policy.path("Statement").get(0).path("Condition").path("StringEquals")
                    .path("aws:PrincipalOrgID").asText());
        }
        String url = Files.readString(workdir.resolve("build/stackset/template-url.txt")).strip();
        Matcher m = Pattern.compile("https://([^.]+)\\.s3\\.eu-west-1\\.amazonaws\\.com/([^?]+)\\?versionId=(.+)")
                .matcher(url);
        assertTrue(m.matches(), url);
        assertEquals(StackSetPackage.BUCKET_PREFIX + "-" + LocalAws.ACCOUNT + "-eu-west-1", m.group(1));
        var versions = s3.listObjectVersions(r -> r.bucket(m.group(1)).prefix(m.group(2))).versions();
        assertTrue(versions.stream().anyMatch(v -> v.versionId().equals(m.group(3))), "the version uploaded: "
                + versions);
    }

    /** Two accounts: a guardrail of this account alerts the alerting account's topic in another Region. */
    @Test
    void aGuardrailPublishesToTheCentralTopicOfAnotherAccountAndRegion() throws Exception {
        String centralTopic = centralTopics.get("eu-west-1")[0];
        Credentials central = credentials(alerting);
        AlertInbox centralInbox = AlertInbox.subscribe(AWS.clientAs(SqsClient.builder(), central, "eu-west-1"),
                AWS.clientAs(SnsClient.builder(), central, "eu-west-1"), centralTopic, AWS.standIn());
        FieldScenario scenario = FieldScenario.seed(AWS);
        LocalAws.Deployment deployment = AWS.deploy("ALERT");
        FieldKit rdp = FieldKit.all().stream()
                .filter(c -> c.function().equals("NetworkExposureFunction")).findFirst().orElseThrow();
        String event = rdp.arrange(scenario);
        // As a guardrail function's role of this account: the central topic takes no one else.
        IamClient iam = AWS.client(IamClient.builder());
        String role = iam.createRole(r -> r.path("/workspaces-guardrails/").roleName("NetworkExposureRole")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                .role().arn();
        Credentials function = AWS.client(StsClient.builder()).assumeRole(r -> r.roleSessionName("function")
                .roleArn(role)).credentials();
        String[] keys = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"};
        String[] before = java.util.Arrays.stream(keys).map(System::getProperty).toArray(String[]::new);
        System.setProperty(keys[0], function.accessKeyId());
        System.setProperty(keys[1], function.secretAccessKey());
        System.setProperty(keys[2], function.sessionToken());
        try {
            new LocalInvoker(Template.load().function(rdp.function()),
                    deployment.environmentWith("ALERT_TOPIC_ARN", centralTopic)).run(event);
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], before[i]);
                }
            }
        }

        List<AlertInbox.Alert> alerts = centralInbox.drain();
        assertEquals(rdp.expectedRules(), alerts.stream().map(AlertInbox.Alert::rule).toList());
        assertEquals(LocalAws.ACCOUNT, alerts.get(0).field("account"), "the alert names the account it is about");
        assertTrue(alerts.get(0).subject().startsWith("[CRITICAL] " + LocalAws.ACCOUNT + ": "),
                "a central topic's subject names the account: " + alerts.get(0).subject());
        assertEquals(LocalAws.REGION, alerts.get(0).field("region"));
        assertEquals(List.of(), deployment.inbox().drain(), "nothing reaches a topic of the account itself");
    }

    // --- the organization, its accounts and the README ---

    private static String account(OrganizationsClient org, String name) {
        return org.createAccount(r -> r.accountName(name).email(name + "@example.com")).createAccountStatus()
                .accountId();
    }

    /** What the README has one do with an account's credentials: assume OrganizationAccountAccessRole there. */
    static Credentials credentials(String account) {
        return AWS.client(StsClient.builder()).assumeRole(r -> r.roleSessionName("guardrails-test")
                .roleArn("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole")).credentials();
    }

    private static Map<String, String> as(String account) {
        Credentials c = credentials(account);
        return Map.of("AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                "AWS_SESSION_TOKEN", c.sessionToken());
    }

    /** The shell blocks of the README's organization section, in order. */
    static List<String> readmeBlocks() throws Exception {
        String readme = Files.readString(StackSetPackage.ROOT.resolve("README.md"));
        int start = readme.indexOf("## An organization");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Runs a README block with bash and the AWS CLI against the emulator; as the management account by default. */
    private static String run(String block, Map<String, String> settings, Map<String, String> credentials)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block)
                .directory(workdir.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(settings);
        env.put("AWS_ENDPOINT_URL", AWS.endpoint().toString());
        env.put("AWS_DEFAULT_REGION", ADMIN_REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        if (credentials != null) {
            env.putAll(credentials);
        }
        Process process = builder.redirectErrorStream(false).start();
        var stderr = new java.io.ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                process.getErrorStream().transferTo(stderr);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        drain.join();
        assertEquals(0, exit, "README block failed:\n" + block + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        return stdout;
    }

    /**
     * What moto's CloudFormation creates of the StackSet's template: it skips alarms, topic and queue policies,
     * subscriptions and SSM associations without a word, creates no Lambda alias or event-invoke config, and fails a
     * stack whose events rule targets an alias. So those resources, the permissions that name the aliases, and the
     * rules' targets are left out; everything else is deployed as packaged.
     */
    static JsonNode partMotoCreates(JsonNode template) {
        Set<String> leftOut = Set.of("AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Permission",
                "AWS::CloudWatch::Alarm", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::SSM::Association",
                "AWS::SNS::Subscription", "AWS::Chatbot::SlackChannelConfiguration",
                "AWS::Chatbot::MicrosoftTeamsChannelConfiguration");
        ObjectNode part = template.deepCopy();
        ObjectNode resources = (ObjectNode) part.get("Resources");
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            ObjectNode resource = (ObjectNode) resources.get(id);
            if (leftOut.contains(resource.path("Type").asText())) {
                resources.remove(id);
            } else if (resource.path("Type").asText().equals("AWS::Events::Rule")) {
                ((ObjectNode) resource.get("Properties")).remove("Targets");
            }
        }
        return part;
    }

    private static void replaceUploadedTemplateWithThePartMotoCreates() throws Exception {
        String url = Files.readString(workdir.resolve("build/stackset/template-url.txt")).strip();
        // The URL pins the uploaded version (?versionId=); moto's CloudFormation reads the newest, this one.
        Matcher m = Pattern.compile("https://([^.]+)\\.s3\\.[^/]+/([^?]+)\\?versionId=.+").matcher(url);
        assertTrue(m.matches(), url);
        JsonNode packaged = JSON.readTree(workdir.resolve("build/stackset/workspaces-guardrails.json").toFile());
        S3Client s3 = AWS.client(S3Client.builder());
        s3.putObject(r -> r.bucket(m.group(1)).key(m.group(2)),
                RequestBody.fromString(JSON.writeValueAsString(partMotoCreates(packaged))));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
