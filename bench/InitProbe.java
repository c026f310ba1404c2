/**
 * What a function loads before its first event: constructs the handler as Lambda's init does (its no-arg
 * constructor, real wiring from the environment) and, given the priming class, runs what a SnapStart checkpoint
 * runs; then exits. Run with -Xlog:class+load to count the classes (docs/benchmarks.md gives the command).
 */
public final class InitProbe {

    private InitProbe() {
    }

    public static void main(String[] args) throws Exception {
        Class.forName(args[0]).getConstructor().newInstance();
        if (args.length > 1) {
            Class.forName(args[1]).getMethod("primeAll").invoke(null);
        }
        System.exit(0);
    }
}
