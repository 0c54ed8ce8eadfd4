package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.oracle.OracleSourceOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OracleEnginePropertiesTest {
    private static final OracleEngineProperties.Binding FIRST_START = new OracleEngineProperties.Binding("offsets-1", "history-1", false, true);
    private static final OracleEngineProperties.Binding LATER_START = new OracleEngineProperties.Binding("offsets-1", "history-1", true, true);

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", "db.example");
        settings.put("port", "1531");
        settings.put("username", "c##cdc");
        settings.put("password", "secret");
        settings.put("database", "ORCLCDB");
        settings.put("tables", "ORCLPDB1.INVENTORY.\\.*");
        settings.put("heartbeat.interval", "10s");
        return settings;
    }

    private static Properties properties(Map<String, String> settings, OracleEngineProperties.Binding binding) {
        return OracleEngineProperties.of(OracleSourceOptions.from(Configuration.fromMap(settings)), binding);
    }

    @Test
    void theFirstStartCapturesTheSchemaAndKeepsTheSeededOffsetInTheSourcesState() {
        Properties properties = properties(settings(), FIRST_START);

        assertThat(properties).containsEntry("connector.class", "io.debezium.connector.oracle.OracleConnector")
                .containsEntry("snapshot.mode", "recovery")
                .containsEntry("offset.storage", OwnedOffsetBackingStore.class.getName())
                .containsEntry(OwnedOffsetBackingStore.HANDLE_PROPERTY, "offsets-1")
                .containsEntry("schema.history.internal", OwnedSchemaHistory.class.getName())
                .containsEntry(OwnedSchemaHistory.HANDLE_PROPERTY, "history-1")
                .containsEntry("log.mining.buffer.type", "memory")
                .containsEntry("heartbeat.interval.ms", "10000")
                .containsEntry("topic.prefix", OracleEngineProperties.TOPIC_PREFIX)
                .containsEntry("database.hostname", "db.example")
                .containsEntry("database.port", "1531")
                .containsEntry("database.user", "c##cdc")
                .containsEntry("database.password", "secret")
                .containsEntry("database.dbname", "ORCLCDB")
                .containsEntry("database.pdb.name", "ORCLPDB1");
    }

    @Test
    void valuesAreRepresentedAsTheChangeDecoderReadsThem() {
        Properties properties = properties(settings(), LATER_START);

        assertThat(properties).containsEntry("decimal.handling.mode", "precise")
                .containsEntry("time.precision.mode", "isostring")
                .containsEntry("interval.handling.mode", "string")
                .containsEntry("binary.handling.mode", "bytes")
                .containsEntry("lob.enabled", "true")
                .containsEntry("unavailable.value.placeholder", OracleEngineProperties.UNAVAILABLE_VALUE_PLACEHOLDER)
                .containsEntry("skipped.operations", "none")
                .containsEntry("tombstones.on.delete", "false");
        assertThat(OracleEngineProperties.OWNED_KEYS).containsAll(OracleEngineProperties.VALUE_PROPERTIES.keySet());
    }

    @Test
    void keysThatDecideHowValuesArriveAreRefused() {
        Map<String, String> settings = settings();
        settings.put("debezium.decimal.handling.mode", "double");

        assertThatThrownBy(() -> properties(settings, FIRST_START)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("'debezium.decimal.handling.mode'").hasMessageContaining("read values as the snapshot does");
    }

    @Test
    void laterStartsStreamAtOnceFromTheRecordedHistory() {
        assertThat(properties(settings(), LATER_START)).containsEntry("snapshot.mode", "no_data");
    }

    @Test
    void aDatabaseWithoutPluggableDatabasesNamesNone() {
        Map<String, String> settings = settings();
        settings.put("tables", "ORCL.INVENTORY.\\.*");

        assertThat(properties(settings, new OracleEngineProperties.Binding("o", "h", false, false))).doesNotContainKey("database.pdb.name")
                .containsEntry("database.dbname", "ORCLCDB");
    }

    @Test
    void aUrlNamesTheServerAsWritten() {
        Map<String, String> settings = settings();
        settings.remove("hostname");
        settings.remove("port");
        settings.put("url", "jdbc:oracle:thin:@//db.example.com:1531/ORCLCDB");

        assertThat(properties(settings, FIRST_START)).containsEntry("database.url", "jdbc:oracle:thin:@//db.example.com:1531/ORCLCDB")
                .doesNotContainKey("database.hostname");
    }

    @Test
    void theUsersDebeziumKeysComeLast() {
        Map<String, String> settings = settings();
        settings.put("debezium.log.mining.strategy", "hybrid");
        settings.put("debezium.schema.history.internal.store.only.captured.tables.ddl", "false");
        settings.put("debezium.log.mining.transaction.retention.ms", "0");

        assertThat(properties(settings, FIRST_START)).containsEntry("log.mining.strategy", "hybrid")
                .containsEntry("schema.history.internal.store.only.captured.tables.ddl", "false")
                .containsEntry("log.mining.transaction.retention.ms", "0");
    }

    @Test
    void keysThatDecideWhereTheStreamStartsOrKeepsItsStateAreRefused() {
        Map<String, String> settings = settings();
        settings.put("debezium.snapshot.mode", "initial");
        settings.put("debezium.offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");

        assertThatThrownBy(() -> properties(settings, FIRST_START)).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("'debezium.offset.storage', 'debezium.snapshot.mode'").hasMessageContaining("Remove them");
    }

    @Test
    void optionsThatAbandonTransactionsAreRefusedSinceTheyDropChanges() {
        for (String key : OracleEngineProperties.ABANDON_KEYS) {
            Map<String, String> settings = settings();
            settings.put("debezium." + key, "60000");

            assertThatThrownBy(() -> properties(settings, FIRST_START)).as(key).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining("'debezium." + key + "' is 60000").hasMessageContaining("drop their changes");
        }
    }
}
