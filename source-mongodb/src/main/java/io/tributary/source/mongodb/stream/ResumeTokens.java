package io.tributary.source.mongodb.stream;

import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Reads the cluster time out of a resume token. A MongoDB 4.2+ token's {@code _data} is a hex
 * KeyString that starts with the type byte {@code 82} and the 8-byte timestamp; the in-build test
 * server's is the timestamp alone, in hex. Used for heartbeats, whose token has no event.
 */
public final class ResumeTokens {
    private static final String KEY_STRING_TIMESTAMP = "82";

    private ResumeTokens() {}

    public static Optional<BsonTimestamp> clusterTime(BsonDocument token) {
        if (token == null || !token.isString("_data")) {
            return Optional.empty();
        }
        String data = token.getString("_data").getValue();
        try {
            if (data.startsWith(KEY_STRING_TIMESTAMP) && data.length() >= 18) {
                return Optional.of(new BsonTimestamp(Long.parseUnsignedLong(data.substring(2, 18), 16)));
            }
            if (data.length() <= 16) {
                return Optional.of(new BsonTimestamp(Long.parseUnsignedLong(data, 16)));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
