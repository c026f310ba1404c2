package guardrails.local;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;

/**
 * A local AWS account: moto on loopback with the project's stand-in in front of it. Clients for seeding come
 * from {@link #client}; the functions under test find it through {@link #environment} and the SDK's own
 * endpoint settings, exactly as they would find real AWS.
 */
public final class LocalAws implements AutoCloseable {

    public static final String ACCOUNT = "123456789012"; // moto's default account
    public static final String REGION = "us-east-1";
    /** The name G4's update document has here (a stack gives it a generated one). */
    public static final String DEFENDER_UPDATE_DOCUMENT = "guardrails-defender-update";

    private static LocalAws shared;

    private final MotoServer moto;
    private final StandIn standIn;

    private LocalAws(MotoServer moto, StandIn standIn) {
        this.moto = moto;
        this.standIn = standIn;
    }

    public static LocalAws start() {
        MotoServer moto = MotoServer.start();
        LocalAws aws = new LocalAws(moto, StandIn.inFrontOf(moto.endpoint()));
        aws.pointSdkHere();
        SecurityHubWorkflow.serve(aws.standIn, aws.motoClient(SecurityHubClient.builder()));
        aws.standIn.serve("AssumeRole", aws::assumeRole);
        return aws;
    }

    /** Which role each access key AssumeRole handed out acts as: what a policy's aws:PrincipalArn would be. */
    private final Map<String, String> roles = new java.util.concurrent.ConcurrentHashMap<>();

    private StandIn.Reply assumeRole(StandIn.Call call) {
        StandIn.Reply reply = call.forward().send();
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>")
                .matcher(reply.body());
        if (reply.status() == 200 && key.find()) {
            roles.put(key.group(1), call.formParameter("RoleArn"));
        }
        return reply;
    }

    /**
     * The principal ARN a request signed with this key acts as (aws:PrincipalArn): the role a session was assumed
     * from, else the root of moto's default account (the "testing" key).
     */
    public String principalOf(String accessKeyId) {
        return roles.getOrDefault(accessKeyId, "arn:aws:iam::" + ACCOUNT + ":root");
    }

    /** One emulator per JVM for a test suite: starting moto costs about a second. */
    public static synchronized LocalAws shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** The emulator of this JVM, if a test started it. */
    public static synchronized java.util.Optional<LocalAws> sharedIfStarted() {
        return java.util.Optional.ofNullable(shared);
    }

    public URI endpoint() {
        return standIn.endpoint();
    }

    public StandIn standIn() {
        return standIn;
    }

    /** Forgets every resource (moto's reset API), so each test starts from an empty account. */
    public void reset() {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            http.send(java.net.http.HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/reset"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        standIn.resetCalls();
    }

    /**
     * The SDK reads its endpoint and credentials from these system properties (aws.endpointUrl is the property
     * form of AWS_ENDPOINT_URL), so handlers built by their production wiring talk to this emulator.
     */
    private void pointSdkHere() {
        System.setProperty("aws.endpointUrl", endpoint().toString());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", REGION);
    }

    /** A client straight to moto, past the stand-in: for the stand-in's own use of moto's store. */
    <B extends AwsClientBuilder<B, C>, C> C motoClient(B builder) {
        return builder.endpointOverride(moto.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    /**
     * A client acting as another account of the emulator, in a Region: the credentials of a role assumed there
     * (moto ties them to the role's account, as AWS does).
     */
    public <B extends AwsClientBuilder<B, C>, C> C clientAs(B builder,
            software.amazon.awssdk.services.sts.model.Credentials credentials, String region) {
        return builder.endpointOverride(endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(credentials.accessKeyId(),
                                credentials.secretAccessKey(), credentials.sessionToken())))
                .build();
    }

    /** The alert topic and findings table a deployment would have, created here. */
    public Deployment deploy(String mode) {
        SnsClient sns = client(SnsClient.builder());
        String topicArn = sns.createTopic(r -> r.name("guardrails-alerts")).topicArn();
        DynamoDbClient dynamo = client(DynamoDbClient.builder());
        String table = "guardrails-findings";
        if (!dynamo.listTables().tableNames().contains(table)) {
            dynamo.createTable(r -> r.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode("PAY_PER_REQUEST"));
        }
        AlertInbox inbox = AlertInbox.subscribe(this, topicArn);
        String updateDocument = defenderUpdateDocument();
        return new Deployment(topicArn, table, inbox, Map.of(
                "ALERT_TOPIC_ARN", topicArn,
                "FINDINGS_TABLE", table,
                "MODE", mode,
                "DEFENDER_UPDATE_DOCUMENT", updateDocument,
                "AWS_REGION", REGION));
    }

    /** G4's update document, created from template.yaml as CloudFormation would. */
    private String defenderUpdateDocument() {
        String name = DEFENDER_UPDATE_DOCUMENT;
        SsmClient ssm = client(SsmClient.builder());
        if (ssm.listDocuments(r -> r.filters(DocumentKeyValuesFilter.builder().key("Name").values(name).build()))
                .documentIdentifiers().isEmpty()) {
            String content = Template.load().resources("AWS::SSM::Document").get("DefenderUpdateDocument")
                    .path("Content").toString();
            ssm.createDocument(r -> r.name(name).content(content).documentType("Command").documentFormat("JSON"));
        }
        return name;
    }

    /** What the template would create, and the environment it would give a function. */
    public record Deployment(String topicArn, String table, AlertInbox inbox, Map<String, String> environment) {
        public Map<String, String> environmentWith(String key, String value) {
            return environmentWith(Map.of(key, value));
        }

        /** The environment with these values besides (or instead). */
        public Map<String, String> environmentWith(Map<String, String> values) {
            var env = new java.util.HashMap<>(environment);
            env.putAll(values);
            return Map.copyOf(env);
        }
    }

    @Override
    public void close() {
        standIn.close();
        moto.close();
        // Another emulator in this JVM (the demo's, in a test) pointed the SDK at itself: point it back at the shared one.
        synchronized (LocalAws.class) {
            if (shared != null && shared != this) {
                shared.pointSdkHere();
            }
        }
    }
}
