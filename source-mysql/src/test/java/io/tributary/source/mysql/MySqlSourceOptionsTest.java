package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MySqlSourceOptionsTest {
    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", "db.example");
        settings.put("username", "cdc");
        settings.put("tables", "shop.\\.*");
        settings.put("scan.startup.mode", "snapshot");
        return settings;
    }

    private static MySqlSourceOptions parse(Map<String, String> settings) {
        return MySqlSourceOptions.from(Configuration.fromMap(settings));
    }

    @Test
    void pinsEveryDefault() {
        MySqlSourceOptions options = parse(minimal());
        assertThat(MySqlSourceOptions.PORT.defaultValue()).isEqualTo(3306);
        assertThat(options.port()).isEqualTo(3306);
        assertThat(options.password()).isEmpty();
        assertThat(MySqlSourceOptions.SCAN_STARTUP_MODE.defaultValue()).isEqualTo("initial");
        assertThat(options.chunkSize()).isEqualTo(8096);
        assertThat(options.fetchSize()).isEqualTo(1024);
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.serverTimeZone()).isEmpty();
        assertThat(options.serverIds().size()).isEqualTo(1);
        assertThat(options.serverIds().first()).isBetween(5400L, 6399L);
        assertThat(options.startupMode()).isEqualTo(StartupMode.SNAPSHOT);
        assertThat(options.tinyint1AsBoolean()).isTrue();
        assertThat(options.jdbcProperties()).isEmpty();
    }

    @Test
    void readsTinyint1SwitchAndDriverProperties() {
        Map<String, String> settings = minimal();
        settings.put("treat-tinyint1-as-boolean.enabled", "false");
        settings.put("jdbc.properties.useSSL", "false");
        settings.put("jdbc.properties.sslMode", "disable");
        MySqlSourceOptions options = parse(settings);
        assertThat(options.tinyint1AsBoolean()).isFalse();
        assertThat(options.jdbcProperties()).containsExactly(Map.entry("sslMode", "disable"), Map.entry("useSSL", "false"));
    }

    @Test
    void refusesTlsSettingsTheBinlogConnectionCannotFollow() {
        Map<String, String> clientCertificate = minimal();
        clientCertificate.put("jdbc.properties.sslMode", "verify-full");
        clientCertificate.put("jdbc.properties.keyStore", "/etc/tributary/client.p12");
        assertThatThrownBy(() -> parse(clientCertificate)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID)).hasMessageContaining("jdbc.properties.keyStore")
                .hasMessageContaining("client certificate").hasMessageContaining("REQUIRE SSL");

        Map<String, String> nothingTrusted = minimal();
        nothingTrusted.put("jdbc.properties.sslmode", "verify-ca");
        nothingTrusted.put("jdbc.properties.fallbackToSystemTrustStore", "false");
        assertThatThrownBy(() -> parse(nothingTrusted)).hasMessageContaining("jdbc.properties.serverSslCert");

        Map<String, String> badMode = minimal();
        badMode.put("jdbc.properties.sslMode", "verify-everything");
        assertThatThrownBy(() -> parse(badMode)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID)).hasMessageContaining("verify-everything");
    }

    @Test
    void acceptsEveryOtherFlinkCdcOptionWithAReasonItHasNoEffect() {
        MySqlSourceFactory factory = new MySqlSourceFactory();
        assertThat(factory.inertOptions()).extracting(inert -> inert.option().key()).containsExactlyInAnyOrder("connect.max-retries",
                "connection.pool.size", "chunk-meta.group.size", "scan.incremental.close-idle-reader.enabled",
                "scan.incremental.snapshot.unbounded-chunk-first.enabled", "scan.incremental.snapshot.backfill.skip",
                "scan.newly-added-table.enabled", "schema-change.enabled", "metadata.list", "scan.binlog.newly-added-table.enabled",
                "scan.parse.online.schema.changes.enabled", "include-comments.enabled", "use.legacy.json.format",
                "scan.startup.specific-offset.skip-events", "scan.startup.specific-offset.skip-rows");
        assertThat(factory.inertOptions()).allSatisfy(inert -> assertThat(inert.reason()).endsWith("."));
        assertThat(factory.inertPrefixes()).extracting(inert -> inert.prefix()).containsExactly("debezium.");
        assertThat(factory.passThroughPrefixes()).containsExactly("jdbc.properties.");
    }

    @Test
    void declaresFlinkCdcOptionNames() {
        assertThat(MySqlSourceOptions.DEFINITIONS.requiredOptions()).extracting(o -> o.key()).containsExactlyInAnyOrder("hostname", "username", "tables");
        assertThat(MySqlSourceOptions.DEFINITIONS.optionalOptions()).extracting(o -> o.key()).contains("port", "password", "tables.exclude", "server-id",
                "server-time-zone", "scan.startup.mode", "scan.incremental.snapshot.chunk.size", "scan.incremental.snapshot.chunk.key-column");
    }

    @Test
    void parsesServerIdRangesAndTimeZones() {
        Map<String, String> settings = minimal();
        settings.put("server-id", "5400-5404");
        settings.put("server-time-zone", "Europe/Berlin");
        MySqlSourceOptions options = parse(settings);
        assertThat(options.serverIds()).isEqualTo(new MySqlSourceOptions.ServerIdRange(5400, 5404));
        assertThat(options.serverIds().size()).isEqualTo(5);
        assertThat(options.serverTimeZone()).contains(ZoneId.of("Europe/Berlin"));

        settings.put("server-id", "5404-5400");
        assertThatThrownBy(() -> parse(settings)).isInstanceOf(TributaryException.class).hasMessageContaining("server-id")
                .hasMessageContaining("5400-5404");
        settings.put("server-id", "5400");
        settings.put("server-time-zone", "Mars/Olympus");
        assertThatThrownBy(() -> parse(settings)).hasMessageContaining("server-time-zone");
    }

    @Test
    void acceptsEveryStartupModeWithWhatItNeeds() {
        for (String mode : new String[] {"initial", "latest-offset", "earliest-offset", "snapshot"}) {
            Map<String, String> settings = minimal();
            settings.put("scan.startup.mode", mode);
            assertThat(parse(settings).startupMode().optionValue()).isEqualTo(mode);
        }
        Map<String, String> specific = minimal();
        specific.put("scan.startup.mode", "specific-offset");
        assertThatThrownBy(() -> parse(specific)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_OPTION)).hasMessageContaining("scan.startup.specific-offset.file");
        specific.put("scan.startup.specific-offset.file", "mysql-bin.000003");
        specific.put("scan.startup.specific-offset.pos", "154");
        assertThat(parse(specific).specificOffset()).contains(new BinlogPosition("mysql-bin.000003", 154, java.util.Optional.empty()));
        specific.put("scan.startup.specific-offset.pos", "2");
        assertThatThrownBy(() -> parse(specific)).hasMessageContaining("offset 4");
        specific.remove("scan.startup.specific-offset.pos");
        specific.remove("scan.startup.specific-offset.file");
        specific.put("scan.startup.specific-offset.gtid-set", "0-1-100");
        assertThat(parse(specific).specificOffset().orElseThrow().gtidSet()).contains("0-1-100");

        Map<String, String> timestamp = minimal();
        timestamp.put("scan.startup.mode", "timestamp");
        assertThatThrownBy(() -> parse(timestamp)).hasMessageContaining("scan.startup.timestamp-millis");
        timestamp.put("scan.startup.timestamp-millis", "1700000000000");
        assertThat(parse(timestamp).timestampMillis()).contains(1_700_000_000_000L);

        Map<String, String> unknown = minimal();
        unknown.put("scan.startup.mode", "earliest");
        assertThatThrownBy(() -> parse(unknown)).hasMessageContaining("valid values");
    }

    @Test
    void namesTheMissingOption() {
        Map<String, String> settings = minimal();
        settings.remove("tables");
        assertThatThrownBy(() -> parse(settings)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_OPTION)).hasMessageContaining("'tables'");
        Map<String, String> chunk = minimal();
        chunk.put("scan.incremental.snapshot.chunk.size", "0");
        assertThatThrownBy(() -> parse(chunk)).hasMessageContaining("at least 1");
    }
}
