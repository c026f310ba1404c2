package guardrails.defenderdefinitions;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deployment's Defender settings.
 *
 * @param warningDays     definitions this old are WARNING
 * @param criticalDays    definitions this old are CRITICAL
 * @param staleHours      a node whose last report is older than this has stopped reporting
 * @param updateSource    where Update-MpSignature fetches from: a closed network (F7) has no route to Microsoft Update
 * @param fileSharePath   the UNC path for FILE_SHARES
 * @param maxUpdatesPerRun at most this many update commands a run, so one bad morning is not a command storm
 * @param updateDocument  the template's update document (DEFENDER_UPDATE_DOCUMENT), the only one G4 may run
 */
public record DefenderPolicy(int warningDays, int criticalDays, int staleHours, UpdateSource updateSource,
                             String fileSharePath, int maxUpdatesPerRun, String updateDocument) {

    public enum UpdateSource { DEFAULT, FILE_SHARES, INTERNAL_DEFINITION_UPDATE_SERVER }

    /**
     * A UNC path (\\server\share\folder, a hidden share's trailing $ allowed) of letters, digits, dot, dash,
     * underscore and space only: no quote of any kind (PowerShell also takes the Unicode ones), no separator. The
     * template's update document holds its SharePath parameter to the same pattern.
     */
    static final String UNC = "\\\\\\\\[A-Za-z0-9][A-Za-z0-9.-]*(\\\\[A-Za-z0-9 ._-]+\\$?)+";

    /** The template's update document when none is named (the local runner and the tests create it so). */
    static final String DEFAULT_UPDATE_DOCUMENT = "guardrails-defender-update";

    public static DefenderPolicy fromEnvironment(Map<String, String> env) {
        try {
            UpdateSource source = switch (env.getOrDefault("DEFENDER_UPDATE_SOURCE", "Default").trim()
                    .toLowerCase(Locale.ROOT)) {
                case "fileshares" -> UpdateSource.FILE_SHARES;
                case "internaldefinitionupdateserver" -> UpdateSource.INTERNAL_DEFINITION_UPDATE_SERVER;
                case "default", "" -> UpdateSource.DEFAULT;
                default -> throw new IllegalStateException("DEFENDER_UPDATE_SOURCE must be Default, FileShares or"
                        + " InternalDefinitionUpdateServer");
            };
            String path = env.getOrDefault("DEFENDER_FILE_SHARE_PATH", "").trim();
            if (source == UpdateSource.FILE_SHARES && !path.matches(UNC)) {
                throw new IllegalStateException("DEFENDER_FILE_SHARE_PATH must be a UNC path like \\\\server\\share");
            }
            DefenderPolicy policy = new DefenderPolicy(number(env, "DEFENDER_WARNING_DAYS", 3),
                    number(env, "DEFENDER_CRITICAL_DAYS", 7), number(env, "DEFENDER_REPORT_STALE_HOURS", 48), source,
                    path, number(env, "DEFENDER_MAX_UPDATES_PER_RUN", 20),
                    env.getOrDefault("DEFENDER_UPDATE_DOCUMENT", DEFAULT_UPDATE_DOCUMENT).trim());
            if (policy.warningDays() > policy.criticalDays()) {
                throw new IllegalStateException("DEFENDER_WARNING_DAYS must not exceed DEFENDER_CRITICAL_DAYS");
            }
            return policy;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Defender thresholds must be whole numbers: " + e.getMessage());
        }
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, Integer.toString(fallback)).trim());
    }

    /** The update document's parameters for the configured source (the steps are the document's own). */
    public Map<String, List<String>> documentParameters() {
        String source = switch (updateSource) {
            case FILE_SHARES -> "FileShares";
            case INTERNAL_DEFINITION_UPDATE_SERVER -> "InternalDefinitionUpdateServer";
            case DEFAULT -> "Default";
        };
        return Map.of("Source", List.of(source),
                "SharePath", List.of(updateSource == UpdateSource.FILE_SHARES ? fileSharePath : ""));
    }

    public String describeSource() {
        return switch (updateSource) {
            case FILE_SHARES -> "the file share " + fileSharePath;
            case INTERNAL_DEFINITION_UPDATE_SERVER -> "the internal definition update server (WSUS)";
            case DEFAULT -> "the default sources";
        };
    }
}
