package guardrails.shared.priming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * On priming's offline clients: after each (empty) answer, initializes every model class a real answer of that
 * operation can hold (a WorkSpace, its properties, a subnet, a trust...), walking the response's SDK fields as the
 * unmarshaller would, so a restored function's first real answer finds them loaded.
 */
final class ResponseShapes implements ExecutionInterceptor {

    private static final Set<Class<?>> INITIALIZED = ConcurrentHashMap.newKeySet();

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        initialize(context.response());
    }

    private static void initialize(SdkPojo shape) {
        if (INITIALIZED.add(shape.getClass())) {
            shape.sdkFields().forEach(ResponseShapes::initialize);
        }
    }

    private static void initialize(SdkField<?> field) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            // The member shape's builder, built: its class loaded and initialized (its fields and their accessors).
            initialize((SdkPojo) ((SdkBuilder<?, ?>) field.constructor().get()).build());
        } else if (type == MarshallingType.LIST) {
            initialize(field.getTrait(ListTrait.class).memberFieldInfo());
        } else if (type == MarshallingType.MAP) {
            initialize(field.getTrait(MapTrait.class).valueFieldInfo());
        }
    }

    /** Whether priming has walked this model class (for tests). */
    static boolean initialized(Class<?> shape) {
        return INITIALIZED.contains(shape);
    }
}
