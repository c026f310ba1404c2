package guardrails.testing.crac;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A CRaC implementation for tests, in jdk.crac's shape: org.crac (the library the handlers register with) finds it
 * through the system property org.crac.Core.Compat, as it finds the JDK's own on a CRaC-enabled runtime. A
 * checkpoint runs every registered resource's beforeCheckpoint; one that throws fails the checkpoint, as it fails a
 * SnapStart snapshot.
 */
public final class Core {

    private static final Global GLOBAL = new Global();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(GLOBAL);
        } catch (Exception e) {
            CheckpointException failed = new CheckpointException();
            failed.addSuppressed(e);
            throw failed;
        }
        try {
            GLOBAL.afterRestore(GLOBAL);
        } catch (Exception e) {
            RestoreException failed = new RestoreException();
            failed.addSuppressed(e);
            throw failed;
        }
    }

    /** How many resources were registered, for tests. */
    public static int registered() {
        return GLOBAL.resources.size();
    }

    /** Drops the resource registered last. */
    public static void forgetLast() {
        GLOBAL.resources.remove(GLOBAL.resources.size() - 1);
    }

    private static final class Global extends Context<Resource> {
        private final List<Resource> resources = new CopyOnWriteArrayList<>();

        @Override
        public void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources.reversed()) { // the JDK's order: last registered first
                resource.beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources) {
                resource.afterRestore(this);
            }
        }
    }
}
