package guardrails.shared.lifecycle;

import java.util.List;
import java.util.stream.Stream;

/**
 * The findings table, one DynamoDB table for three kinds of item, each under its own partition key {@code pk}:
 * claims ({@code finding|<key>}, {@link DynamoDbClaims}), remembered states ({@code state|<subject>},
 * {@link DynamoDbRememberedStates}) and lifecycle records ({@code lifecycle|<guardrail>|<resource>},
 * {@link DynamoDbLifecycleStore}); TTL attribute {@code expiresAt}.
 */
public final class FindingsTable {

    /** Every action a function takes on the table (its claims, its states and its lifecycle records). */
    public static final List<String> IAM_ACTIONS =
            Stream.concat(DynamoDbClaims.IAM_ACTIONS.stream(), DynamoDbRememberedStates.IAM_ACTIONS.stream()).toList();

    /**
     * Keys are event ids, rule names and resource ids, all bounded by AWS, but an event can carry anything: past
     * this many characters a key is shortened and completed with its SHA-256, well within DynamoDB's 2,048 bytes.
     */
    static final int KEY_LIMIT = 512;

    private FindingsTable() {
    }

    /** A key as stored: itself when short, else its beginning and its SHA-256 (see {@link #KEY_LIMIT}). */
    public static String bounded(String key) {
        if (key.length() <= KEY_LIMIT) {
            return key;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return key.substring(0, 128) + "#sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
