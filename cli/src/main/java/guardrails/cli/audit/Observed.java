package guardrails.cli.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A guardrail's gateway as the audit hands it to the guardrail: every answer is kept for the report's charts (so the
 * charts show exactly what the sweep judged, read once), and a method that changes the account is refused, whatever
 * mode a guardrail believes it is in.
 */
final class Observed<T> {

    /** One call the guardrail made through its gateway. */
    record Call(String method, List<Object> arguments, Object answer) {
    }

    private final T gateway;
    private final List<Call> calls = new ArrayList<>();

    private Observed(Class<T> type, T real, Set<String> mutating) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(real, args);
            }
            if (mutating.contains(method.getName())) {
                throw new IllegalStateException("the audit is read-only: " + type.getSimpleName() + "."
                        + method.getName() + " changes the account");
            }
            try {
                Object answer = method.invoke(real, args);
                synchronized (calls) {
                    calls.add(new Call(method.getName(), args == null ? List.of() : List.of(args), answer));
                }
                return answer;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        this.gateway = type.cast(proxy);
    }

    /** {@code mutating}: the gateway's methods that change the account (its remediations). */
    static <T> Observed<T> of(Class<T> type, T real, String... mutating) {
        return new Observed<>(type, real, Set.of(mutating));
    }

    T gateway() {
        return gateway;
    }

    /** The answers of every call of this method, in order. */
    <A> List<A> answers(String method, Class<A> type) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.method().equals(method)).map(c -> type.cast(c.answer())).toList();
        }
    }

    List<Call> calls(String method) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.method().equals(method)).toList();
        }
    }
}
