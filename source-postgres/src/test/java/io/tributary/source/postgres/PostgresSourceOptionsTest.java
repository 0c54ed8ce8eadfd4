package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import io.tributary.core.spi.ConnectorFactories;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class PostgresSourceOptionsTest {
    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", "db.example.com");
        settings.put("username", "cdc");
        settings.put("tables", "appdb.public.\\.*");
        settings.put("slot.name", "orders_pipeline");
        return settings;
    }

    @Test
    void pinsEveryDefault() {
        PostgresSourceOptions options = PostgresSourceOptions.from(Configuration.fromMap(minimal()));

        assertThat(options.port()).isEqualTo(5432);
        assertThat(options.password()).isEmpty();
        assertThat(options.database()).isEqualTo("appdb");
        assertThat(options.tablesExcludeText()).isEmpty();
        assertThat(options.publicationName()).contains("tributary_orders_pipeline");
        assertThat(options.startupMode()).isEqualTo(StartupMode.INITIAL);
        assertThat(options.chunkSize()).isEqualTo(8096);
        assertThat(options.fetchSize()).isEqualTo(4096);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.heartbeatActionQuery()).isEmpty();
        assertThat(options.evenDistributionUpper()).isEqualTo(1000.0);
        assertThat(options.evenDistributionLower()).isEqualTo(0.05);
        assertThat(options.slotDropOnStop()).isFalse();
        assertThat(options.jdbcProperties()).isEmpty();
        assertThat(PostgresSourceOptions.DECODING_PLUGIN_NAME.defaultValue()).isEqualTo("pgoutput");
        assertThat(PostgresSourceOptions.SCAN_STARTUP_MODE.defaultValue()).isEqualTo("initial");
    }

    @Test
    void factoryDeclaresFlinkCdcOptionNamesAndIsFoundByType() {
        PostgresSourceFactory factory = (PostgresSourceFactory) ConnectorFactories.source("postgres");

        assertThat(factory.requiredOptions()).extracting(ConfigOption::key).containsExactlyInAnyOrder("hostname", "username", "tables");
        assertThat(factory.optionalOptions()).extracting(ConfigOption::key).containsExactlyInAnyOrder("port", "password", "tables.exclude",
                "slot.name", "decoding.plugin.name", "publication.name", "scan.startup.mode", "scan.incremental.snapshot.chunk.size",
                "scan.snapshot.fetch.size", "connect.timeout", "heartbeat.interval", "heartbeat.action.query",
                "chunk-key.even-distribution.factor.upper-bound", "chunk-key.even-distribution.factor.lower-bound", "slot.drop-on-stop",
                "scan.incremental.snapshot.chunk.key-column");
        assertThat(factory.passThroughPrefixes()).containsExactly("jdbc.properties.");
        assertThat(factory.optionalOptions()).allSatisfy(option -> assertThat(PostgresSourceOptions.describe(option)).isNotBlank());
    }

    @Test
    void readsEveryOption() {
        Map<String, String> settings = minimal();
        settings.put("port", "6543");
        settings.put("password", "pw");
        settings.put("tables.exclude", "appdb.public.tmp_\\.*");
        settings.put("publication.name", "my_pub");
        settings.put("scan.startup.mode", "latest-offset");
        settings.put("scan.incremental.snapshot.chunk.size", "100");
        settings.put("scan.snapshot.fetch.size", "10");
        settings.put("connect.timeout", "5s");
        settings.put("heartbeat.interval", "1 min");
        settings.put("heartbeat.action.query", "SELECT 1");
        settings.put("chunk-key.even-distribution.factor.upper-bound", "10");
        settings.put("chunk-key.even-distribution.factor.lower-bound", "0.5");
        settings.put("slot.drop-on-stop", "true");
        settings.put("jdbc.properties.sslmode", "require");

        PostgresSourceOptions options = PostgresSourceOptions.from(Configuration.fromMap(settings));

        assertThat(options.port()).isEqualTo(6543);
        assertThat(options.password()).contains("pw");
        assertThat(options.tableFilter().matches("public", "tmp_1")).isFalse();
        assertThat(options.publicationName()).contains("my_pub");
        assertThat(options.startupMode()).isEqualTo(StartupMode.LATEST_OFFSET);
        assertThat(options.chunkSize()).isEqualTo(100);
        assertThat(options.fetchSize()).isEqualTo(10);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.heartbeatActionQuery()).isEqualTo(Optional.of("SELECT 1"));
        assertThat(options.evenDistributionUpper()).isEqualTo(10.0);
        assertThat(options.evenDistributionLower()).isEqualTo(0.5);
        assertThat(options.slotDropOnStop()).isTrue();
        assertThat(options.jdbcProperties()).containsExactly(Map.entry("sslmode", "require"));
    }

    @Test
    void slotIsRequiredOnlyWhenStreaming() {
        Map<String, String> settings = minimal();
        settings.remove("slot.name");

        assertInvalid(settings, ErrorCode.CONFIG_MISSING_OPTION, "slot.name");
        settings.put("scan.startup.mode", "snapshot");
        assertThat(PostgresSourceOptions.from(Configuration.fromMap(settings)).slotName()).isEmpty();
    }

    @Test
    void rejectsInvalidValuesNamingTheOption() {
        assertInvalid(with("decoding.plugin.name", "wal2json"), ErrorCode.CONFIG_INVALID, "only pgoutput");
        assertInvalid(with("scan.startup.mode", "earliest"), ErrorCode.CONFIG_INVALID, "initial, latest-offset and snapshot");
        assertInvalid(with("slot.name", "Orders-Slot"), ErrorCode.CONFIG_INVALID, "lower-case letters");
        assertInvalid(with("port", "many"), ErrorCode.CONFIG_INVALID, "'port'");
        assertInvalid(with("scan.incremental.snapshot.chunk.size", "0"), ErrorCode.CONFIG_INVALID, "at least 1");
        assertInvalid(with("heartbeat.interval", "0s"), ErrorCode.CONFIG_INVALID, "positive duration");
        assertInvalid(with("chunk-key.even-distribution.factor.lower-bound", "2000"), ErrorCode.CONFIG_INVALID, "upper-bound");
        Map<String, String> noHost = minimal();
        noHost.remove("hostname");
        assertInvalid(noHost, ErrorCode.CONFIG_MISSING_OPTION, "'hostname' is required");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = minimal();
        settings.put(key, value);
        return settings;
    }

    private static void assertInvalid(Map<String, String> settings, ErrorCode code, String message) {
        assertThatThrownBy(() -> PostgresSourceOptions.from(Configuration.fromMap(settings)))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
