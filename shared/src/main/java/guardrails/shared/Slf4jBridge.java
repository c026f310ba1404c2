package guardrails.shared;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The AWS SDK logs through SLF4J: this provider (registered in META-INF/services) turns its warnings and errors into
 * our structured lines. Below WARN the SDK is chatty (every request at DEBUG), so that is where it stops, as the
 * Log4j configuration did before.
 */
public final class Slf4jBridge implements SLF4JServiceProvider {

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, BridgedLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: lines are written as they come
    }

    private static final class BridgedLogger extends LegacyAbstractLogger {

        private final transient StructuredLog log;

        BridgedLogger(String name) {
            this.name = name;
            this.log = StructuredLog.named(name);
        }

        private static boolean on(StructuredLog.Level level) {
            return level.compareTo(StructuredLog.Level.WARN) >= 0 && StructuredLog.enabled(level);
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return on(StructuredLog.Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(StructuredLog.Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            StructuredLog.Level ours = level == Level.ERROR ? StructuredLog.Level.ERROR : StructuredLog.Level.WARN;
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (throwable == null) {
                log.log(ours, message);
            } else {
                log.log(ours, message, StructuredLog.entry("error", throwable.getClass().getName()));
            }
        }
    }
}
