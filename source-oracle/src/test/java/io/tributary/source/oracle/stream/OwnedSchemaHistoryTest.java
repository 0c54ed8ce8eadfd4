package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.config.Configuration;
import io.debezium.connector.oracle.OracleConnectorConfig;
import io.debezium.connector.oracle.OracleOffsetContext;
import io.debezium.connector.oracle.OraclePartition;
import io.debezium.connector.oracle.antlr.OracleDdlParser;
import io.debezium.connector.oracle.logminer.buffered.BufferedLogMinerOracleOffsetContextLoader;
import io.debezium.pipeline.spi.Offsets;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.Tables;
import io.debezium.relational.history.SchemaHistory;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The schema history the connector records lives in the source's object and comes back from a checkpoint. */
class OwnedSchemaHistoryTest {
    private static final Map<String, Object> SOURCE = Map.of("server", OracleEngineProperties.TOPIC_PREFIX);

    @Test
    void recordsSurviveACheckpointIntoAFreshHistory() throws InterruptedException {
        SchemaHistoryRecords recorded = new SchemaHistoryRecords(List.of());
        try (HandleRegistry<SchemaHistoryRecords>.Registration handle = OwnedSchemaHistory.OWNERS.register(recorded)) {
            SchemaHistory history = historyFor(handle.handle());
            history.start();
            assertThat(history.exists()).as("exists before the first record").isFalse();
            history.record(SOURCE, Map.of("scn", "999400", "snapshot_scn", "999400"), "ORCLPDB1",
                    "CREATE TABLE APP.ORDERS (ID NUMBER(10) NOT NULL PRIMARY KEY, NOTE VARCHAR2(100))");
            history.stop();
        }
        List<String> checkpoint = recorded.records();
        assertThat(checkpoint).hasSize(1);

        SchemaHistoryRecords restored = new SchemaHistoryRecords(checkpoint);
        try (HandleRegistry<SchemaHistoryRecords>.Registration handle = OwnedSchemaHistory.OWNERS.register(restored)) {
            SchemaHistory history = historyFor(handle.handle());
            history.start();
            assertThat(history.exists()).isTrue();
            Tables tables = new Tables();
            // Recovered as the connector does at start: up to the offset it resumes from, here the hand-off seed.
            history.recover(Offsets.of(new OraclePartition(OracleEngineProperties.TOPIC_PREFIX, "ORCLPDB1"), handoffOffset(handle.handle())),
                    tables, new OracleDdlParser());
            history.stop();

            assertThat(tables.size()).isEqualTo(1);
            Table orders = tables.forTable(tables.tableIds().iterator().next());
            assertThat(orders.id().table()).isEqualTo("ORDERS");
            assertThat(orders.columns()).extracting(Column::name).containsExactly("ID", "NOTE");
            assertThat(orders.columnWithName("NOTE").length()).isEqualTo(100);
            assertThat(orders.primaryKeyColumnNames()).containsExactly("ID");
        }
        assertThat(restored.records()).as("recovering does not add records").isEqualTo(checkpoint);
    }

    private static OracleOffsetContext handoffOffset(String historyHandle) {
        HandoffOffset seed = new HandoffOffset(1_000_000L, List.of(), new TreeSet<>(List.of(1)));
        return new BufferedLogMinerOracleOffsetContextLoader(config(historyHandle)).load(seed.engineOffset().values());
    }

    private static SchemaHistory historyFor(String handle) {
        SchemaHistory history = config(handle).getSchemaHistory();
        assertThat(history).isInstanceOf(OwnedSchemaHistory.class);
        return history;
    }

    private static OracleConnectorConfig config(String historyHandle) {
        return new OracleConnectorConfig(Configuration.from(HandoffOffsetTest.engineProperties("unused", historyHandle)));
    }
}
