package software.amazon.awssdk.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our lazy {@link GeneratedServiceMetadataProvider} must answer as the SDK's own does. The SDK's is loaded from the
 * SDK's regions jar in a class loader of its own (on this class path, ours hides it), and both are asked for every
 * service we call, in every region the SDK knows: signing region and endpoint.
 */
class ServiceMetadataShortcutTest {

    @ParameterizedTest
    @ValueSource(strings = {"workspaces", "ds", "dynamodb", "sns", "ec2", "ssm", "sqs"})
    void answersAsTheSdksOwnProviderInEveryRegion(String service) throws Exception {
        try (URLClassLoader sdk = sdkRegionsAlone()) {
            Class<?> sdkProvider = sdk.loadClass(GeneratedServiceMetadataProvider.class.getName());
            assertNotEquals(GeneratedServiceMetadataProvider.class, sdkProvider, "the SDK's own class");
            Object theirs = sdkProvider.getMethod("serviceMetadata", String.class)
                    .invoke(sdkProvider.getConstructor().newInstance(), service);
            ServiceMetadata ours = new GeneratedServiceMetadataProvider().serviceMetadata(service);
            Class<?> sdkRegion = sdk.loadClass(Region.class.getName());
            Method regionOf = sdkRegion.getMethod("of", String.class);
            Class<?> sdkMetadata = sdk.loadClass(ServiceMetadata.class.getName());
            Method signingRegion = sdkMetadata.getMethod("signingRegion", sdkRegion);
            Method endpointFor = sdkMetadata.getMethod("endpointFor", sdkRegion);

            for (Region region : Region.regions()) {
                Object theirRegion = regionOf.invoke(null, region.id());
                assertEquals(signingRegion.invoke(theirs, theirRegion).toString(), ours.signingRegion(region).id(),
                        service + " signing region in " + region);
                assertEquals(endpointFor.invoke(theirs, theirRegion).toString(), ours.endpointFor(region).toString(),
                        service + " endpoint in " + region);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ds-data", "no-such-service"})
    void servicesTheSdkDoesNotListGetTheDefaultMetadataAsBefore(String service) throws Exception {
        try (URLClassLoader sdk = sdkRegionsAlone()) {
            Class<?> sdkProvider = sdk.loadClass(GeneratedServiceMetadataProvider.class.getName());
            assertNull(sdkProvider.getMethod("serviceMetadata", String.class)
                    .invoke(sdkProvider.getConstructor().newInstance(), service));
            assertNull(new GeneratedServiceMetadataProvider().serviceMetadata(service));
        }
    }

    /** The SDK's regions jar and what it needs, without this module's classes, under the platform loader. */
    private static URLClassLoader sdkRegionsAlone() {
        Set<URL> jars = new LinkedHashSet<>();
        for (Class<?> c : List.of(Region.class, software.amazon.awssdk.utils.ImmutableMap.class,
                software.amazon.awssdk.annotations.SdkPublicApi.class,
                software.amazon.awssdk.protocols.jsoncore.JsonNode.class,
                software.amazon.awssdk.thirdparty.jackson.core.JsonFactory.class,
                software.amazon.awssdk.profiles.ProfileFile.class, org.slf4j.Logger.class,
                software.amazon.awssdk.core.client.config.ClientOption.class)) {
            jars.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        return new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
