package guardrails.defenderdefinitions;

import com.fasterxml.jackson.databind.JsonNode;
import guardrails.shared.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one document G4 may run on a node, as this build deployed it: the copy packaged with the function
 * ({@code update-document.json}, the same content as template.yaml's DefenderUpdateDocument, a test holds them equal).
 * Before its first command a container reads the account's document and sends only if it is this one, pinned by
 * version and hash: whoever can change documents in the account cannot make G4 run something else as SYSTEM.
 */
final class UpdateDocument {

    /**
     * The version to run. The template sets UpdateMethod: Replace, so CloudFormation creates a new document for new
     * content and version 1 is the deployed one; a later version can only come from UpdateDocument by someone else.
     */
    static final String PINNED_VERSION = "1";

    private static final JsonNode DEPLOYED = load();

    private UpdateDocument() {
    }

    /** The packaged content, parsed. */
    static JsonNode deployed() {
        return DEPLOYED.deepCopy();
    }

    /** Whether the account's content is the deployed one: the same JSON value (key order and spacing aside). */
    static boolean isDeployed(String content) {
        if (content == null) {
            return false;
        }
        try {
            return DEPLOYED.equals(Json.parse(content));
        } catch (IOException notJson) {
            return false; // a YAML or broken document is not the one deployed
        }
    }

    private static JsonNode load() {
        try (InputStream in = UpdateDocument.class.getResourceAsStream("update-document.json")) {
            if (in == null) {
                throw new IllegalStateException("update-document.json is not packaged with G4");
            }
            return Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
