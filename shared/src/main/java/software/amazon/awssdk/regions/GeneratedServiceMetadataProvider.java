package software.amazon.awssdk.regions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.servicemetadata.DsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.Ec2ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SnsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SsmServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.WorkspacesServiceMetadata;

/**
 * Stands in for the SDK's class of this name (the deployable jars leave the SDK's out: functions/pom.xml). The SDK's
 * builds, when the first client is built, a map of the metadata of all ~380 AWS services, loading a class for each:
 * about 200 ms of every cold start (docs/benchmarks.md). This one builds only what is asked for, for the services
 * the guardrails call, and, like the SDK's for a service it does not list, answers null for the others, which
 * {@link ServiceMetadata#of} turns into its default metadata. {@code ServiceMetadataShortcutTest} holds its answers
 * to the SDK's, for these services in every region. Written against SDK 2.40.2 (AWS SDK issue 3664 asks for the
 * same laziness upstream).
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {

    private static final Map<String, ServiceMetadata> BUILT = new ConcurrentHashMap<>();

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return BUILT.computeIfAbsent(endpointPrefix, GeneratedServiceMetadataProvider::build);
    }

    private static ServiceMetadata build(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "workspaces" -> new WorkspacesServiceMetadata();
            case "ds" -> new DsServiceMetadata();
            case "dynamodb" -> new DynamodbServiceMetadata();
            case "sns" -> new SnsServiceMetadata();
            case "ec2" -> new Ec2ServiceMetadata();
            case "ssm" -> new SsmServiceMetadata();
            case "sqs" -> new SqsServiceMetadata();
            default -> null;
        };
    }
}
