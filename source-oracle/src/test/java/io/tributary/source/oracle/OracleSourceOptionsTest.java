package io.tributary.source.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OracleSourceOptionsTest {
    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", "db.example");
        settings.put("username", "c##cdc");
        settings.put("database", "ORCLCDB");
        settings.put("tables", "ORCLPDB1.INVENTORY.\\.*");
        return settings;
    }

    private static OracleSourceOptions parse(Map<String, String> settings) {
        return OracleSourceOptions.from(Configuration.fromMap(settings));
    }

    @Test
    void theIssuesExampleConnectsToTheContainerAndCapturesTablesOfThePluggableDatabase() {
        Map<String, String> settings = minimal();
        settings.put("hostname", "127.0.0.1");
        settings.put("password", "secret");
        settings.put("scan.incremental.snapshot.chunk.size", "8096");
        settings.put("debezium.log.mining.strategy", "online_catalog");
        OracleSourceOptions options = parse(settings);

        assertThat(options.jdbcUrl()).isEqualTo("jdbc:oracle:thin:@//127.0.0.1:1521/ORCLCDB");
        assertThat(options.tablesDatabase()).isEqualTo("ORCLPDB1");
        assertThat(options.tableFilter().matches("INVENTORY", "ORDERS")).isTrue();
        assertThat(options.tableFilter().matches("SALES", "ORDERS")).isFalse();
        assertThat(options.startupMode()).isEqualTo(StartupMode.INITIAL);
        assertThat(options.chunkSize()).isEqualTo(8096);
        assertThat(options.fetchSize()).isEqualTo(1024);
        assertThat(options.debeziumProperties()).containsExactly(Map.entry("log.mining.strategy", "online_catalog"));
    }

    @Test
    void aUrlNamesTheServerAndItsHostAndPortShowInMessages() {
        Map<String, String> settings = minimal();
        settings.remove("hostname");
        settings.remove("database");
        settings.put("url", "jdbc:oracle:thin:@//db.example.com:1531/ORCLCDB");
        OracleSourceOptions options = parse(settings);

        assertThat(options.jdbcUrl()).isEqualTo("jdbc:oracle:thin:@//db.example.com:1531/ORCLCDB");
        assertThat(options.hostname()).isEqualTo("db.example.com");
        assertThat(options.port()).isEqualTo(1531);
        assertThat(options.database()).isEmpty();
    }

    @Test
    void aDescriptorUrlIsUsedAsWritten() {
        Map<String, String> settings = minimal();
        settings.remove("hostname");
        String descriptor = "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db1)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=ORCLCDB)))";
        settings.put("url", descriptor);

        assertThat(parse(settings).jdbcUrl()).isEqualTo(descriptor);
    }

    @Test
    void anIpv6HostIsBracketedInTheUrl() {
        Map<String, String> settings = minimal();
        settings.put("hostname", "::1");

        assertThat(parse(settings).jdbcUrl()).isEqualTo("jdbc:oracle:thin:@//[::1]:1521/ORCLCDB");
    }

    @Test
    void withoutAUrlTheDatabaseIsRequired() {
        Map<String, String> settings = minimal();
        settings.remove("database");

        assertRefused(settings, ErrorCode.CONFIG_MISSING_OPTION, "Option 'database' is required");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefused() {
        Map<String, String> settings = minimal();
        settings.put("url", "jdbc:postgresql://db.example/app");

        assertRefused(settings, ErrorCode.CONFIG_INVALID, "starts with jdbc:oracle:thin:@");
    }

    @Test
    void specificOffsetStreamsAfterTheGivenScn() {
        Map<String, String> settings = minimal();
        settings.put("scan.startup.mode", "specific-offset");
        settings.put("scan.startup.specific-offset.scn", "24681357");

        assertThat(parse(settings).specificScn()).contains(24681357L);
        settings.remove("scan.startup.specific-offset.scn");
        assertRefused(settings, ErrorCode.CONFIG_MISSING_OPTION, "'scan.startup.specific-offset.scn' is required when scan.startup.mode is specific-offset");
        settings.put("scan.startup.specific-offset.scn", "-1");
        assertRefused(settings, ErrorCode.CONFIG_INVALID, "an SCN is 0 or more");
        settings.put("scan.startup.specific-offset.scn", "latest");
        assertRefused(settings, ErrorCode.CONFIG_INVALID, "scan.startup.specific-offset.scn");
    }

    @Test
    void timestampModeNeedsItsTime() {
        Map<String, String> settings = minimal();
        settings.put("scan.startup.mode", "timestamp");
        assertRefused(settings, ErrorCode.CONFIG_MISSING_OPTION, "'scan.startup.timestamp-millis' is required");

        settings.put("scan.startup.timestamp-millis", "1764806400000");
        assertThat(parse(settings).timestampMillis()).contains(1764806400000L);
    }

    @Test
    void earliestOffsetIsRefusedWithWhatToDoInstead() {
        Map<String, String> settings = minimal();
        settings.put("scan.startup.mode", "earliest-offset");

        assertRefused(settings, ErrorCode.CONFIG_INVALID, "use initial to copy the tables first, or specific-offset");
    }

    @Test
    void tablesNameOnePluggableDatabase() {
        Map<String, String> settings = minimal();
        settings.put("tables", "ORCLPDB1.INVENTORY.ORDERS, ORCLPDB2.INVENTORY.ORDERS");
        assertRefused(settings, ErrorCode.CONFIG_INVALID, "each oracle source reads one pluggable database");

        settings.put("tables", "INVENTORY.ORDERS");
        assertRefused(settings, ErrorCode.CONFIG_INVALID, "is not database.schema.table");
    }

    private static void assertRefused(Map<String, String> settings, ErrorCode code, String message) {
        assertThatThrownBy(() -> parse(settings))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
