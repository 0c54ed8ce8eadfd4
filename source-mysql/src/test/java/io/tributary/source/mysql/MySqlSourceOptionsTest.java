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
    }

    @Test
    void declaresFlinkCdcOptionNames() {
        assertThat(MySqlSourceOptions.requiredOptions()).extracting(o -> o.key()).containsExactlyInAnyOrder("hostname", "username", "tables");
        assertThat(MySqlSourceOptions.optionalOptions()).extracting(o -> o.key()).contains("port", "password", "tables.exclude", "server-id",
                "server-time-zone", "scan.startup.mode", "scan.incremental.snapshot.chunk.size");
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
    void refusesStartupModesThatNeedTheBinlogReader() {
        for (String mode : new String[] {"initial", "latest-offset"}) {
            Map<String, String> settings = minimal();
            settings.put("scan.startup.mode", mode);
            assertThatThrownBy(() -> parse(settings)).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID)).hasMessageContaining("scan.startup.mode: snapshot");
        }
        Map<String, String> settings = minimal();
        settings.put("scan.startup.mode", "earliest");
        assertThatThrownBy(() -> parse(settings)).hasMessageContaining("valid values");
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
