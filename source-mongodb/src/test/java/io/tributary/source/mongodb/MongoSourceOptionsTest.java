package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MongoSourceOptionsTest {
    @Test
    void defaultsArePinned() {
        MongoSourceOptions options = parse(Map.of("hosts", "db1:27017, db2:27017", "collection", "shop\\.orders"));

        assertThat(options.connectionString()).isEqualTo("mongodb://db1:27017,db2:27017/");
        assertThat(options.startupMode()).isEqualTo(StartupMode.INITIAL);
        assertThat(options.chunkSizeMb()).isEqualTo(64);
        assertThat(options.chunkSizeDocuments()).isEmpty();
        assertThat(options.batchSize()).isEqualTo(1024);
        assertThat(options.pollAwaitTime()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.fullChangelog()).isFalse();
        assertThat(options.splitLargeEvents()).isFalse();
        assertThat(options.flatten()).isFalse();
        assertThat(options.flattenSampleSize()).contains(1000);
        assertThat(options.username()).isEmpty();
    }

    @Test
    void collectionPatternsAreWholeNameRegularExpressionsAndSystemCollectionsAreNeverCaptured() {
        MongoSourceOptions options = parse(Map.of("hosts", "h", "collections", "shop\\.orders, shop\\.customer_.*"));

        assertThat(options.collections().matches("shop", "orders")).isTrue();
        assertThat(options.collections().matches("shop", "customer_eu")).isTrue();
        assertThat(options.collections().matches("shop", "orders_old")).isFalse();
        assertThat(options.collections().matches("shopx", "orders")).isFalse();
        assertThat(options.collections().literalDatabases()).contains(java.util.Set.of("shop"));
        assertThat(parse(Map.of("hosts", "h", "collection", "shop\\.system\\..*")).collections().matches("shop", "system.views")).isFalse();
    }

    @Test
    void schemeAndConnectionOptionsMakeTheConnectionString() {
        MongoSourceOptions options = parse(Map.of("hosts", "cluster0.example.net", "scheme", "mongodb+srv", "collection", "a\\.b",
                "connection.options", "authSource=admin&tls=true", "username", "cdc", "password", "secret"));

        assertThat(options.connectionString()).isEqualTo("mongodb+srv://cluster0.example.net/?authSource=admin&tls=true");
        assertThat(options.username()).contains("cdc");
    }

    @Test
    void mistakesAreNamedWithWhatToDo() {
        assertError(Map.of("collection", "a\\.b"), ErrorCode.CONFIG_MISSING_OPTION, "Give either 'hosts'");
        assertError(Map.of("hosts", "h", "connection.string", "mongodb://h", "collection", "a\\.b"), ErrorCode.CONFIG_INVALID, "not both");
        assertError(Map.of("hosts", "h"), ErrorCode.CONFIG_MISSING_OPTION, "'collection' is required");
        assertError(Map.of("hosts", "h", "collection", "orders"), ErrorCode.CONFIG_INVALID, "names no database");
        assertError(Map.of("hosts", "h", "collection", "a\\.(b"), ErrorCode.CONFIG_INVALID, "not a regular expression");
        assertError(Map.of("hosts", "h", "collection", "a\\.b", "document.flatten.sample-size", "-1"), ErrorCode.CONFIG_INVALID,
                "0 (every document) or positive");
        assertError(Map.of("hosts", "h", "collection", "a\\.b", "scan.startup.mode", "earliest-offset"), ErrorCode.CONFIG_INVALID,
                "initial, latest-offset, timestamp and snapshot");
        assertError(Map.of("hosts", "h", "collection", "a\\.b", "scan.startup.mode", "timestamp"), ErrorCode.CONFIG_MISSING_OPTION,
                "scan.startup.timestamp-millis");
        assertError(Map.of("hosts", "h", "collection", "a\\.b", "poll.await.time.ms", "5000"), ErrorCode.CONFIG_INVALID, "between 1 and 1000");
        assertError(Map.of("hosts", "h", "collection", "a\\.b", "password", "x"), ErrorCode.CONFIG_INVALID, "needs a username");
    }

    @Test
    void theFactoryIsFoundByItsType() {
        assertThat(java.util.ServiceLoader.load(io.tributary.core.spi.SourceFactory.class).stream().map(p -> p.get().identifier()))
                .contains("mongodb");
    }

    private static void assertError(Map<String, String> values, ErrorCode code, String message) {
        assertThatThrownBy(() -> parse(values)).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private static MongoSourceOptions parse(Map<String, String> values) {
        return MongoSourceOptions.from(Configuration.fromMap(new HashMap<>(values)));
    }
}
