package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.config.Configuration;
import io.debezium.connector.oracle.CommitScn;
import io.debezium.connector.oracle.OracleConnectorConfig;
import io.debezium.connector.oracle.OracleOffsetContext;
import io.debezium.connector.oracle.Scn;
import io.debezium.connector.oracle.logminer.buffered.BufferedLogMinerOracleOffsetContextLoader;
import io.debezium.embedded.EmbeddedWorkerConfig;
import io.tributary.source.oracle.OracleSourceOptions;
import io.tributary.source.oracle.stream.HandoffOffset.OpenTransaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.junit.jupiter.api.Test;

/**
 * The hand-off seed goes through the offset store the engine creates and is read back by
 * Debezium's own Oracle offset loader, as the connector does when its task starts.
 */
class HandoffOffsetTest {
    private static final long SNAPSHOT_SCN = 1_000_000L;
    private static final String SOME_TRANSACTION = "0a001b00c0d0e0f0";

    @Test
    void onEveryRedoThreadCommitsUpToTheSnapshotScnAreHandledAndLaterOnesAreStreamed() {
        HandoffOffset seed = new HandoffOffset(SNAPSHOT_SCN, List.of(), new TreeSet<>(List.of(1, 2, 3)));

        OracleOffsetContext loaded = loadThroughTheEngineStore(seed);

        assertThat(loaded.getScn()).isEqualTo(Scn.valueOf(SNAPSHOT_SCN));
        assertThat(loaded.getSnapshotScn()).isEqualTo(Scn.valueOf(SNAPSHOT_SCN));
        assertThat(loaded.isInitialSnapshotRunning()).isFalse();
        CommitScn commits = loaded.getCommitScn();
        for (int thread : List.of(1, 2, 3)) {
            // In the snapshot already: must not be emitted again.
            assertThat(commits.hasBeenHandled(thread, Scn.valueOf(SNAPSHOT_SCN - 1), SOME_TRANSACTION)).as("thread %d, X-1", thread).isTrue();
            assertThat(commits.hasBeenHandled(thread, Scn.valueOf(SNAPSHOT_SCN), SOME_TRANSACTION)).as("thread %d, X", thread).isTrue();
            // After the snapshot: must be emitted.
            assertThat(commits.hasBeenHandled(thread, Scn.valueOf(SNAPSHOT_SCN + 1), SOME_TRANSACTION)).as("thread %d, X+1", thread).isFalse();
            assertThat(commits.hasBeenHandled(thread, Scn.valueOf(SNAPSHOT_SCN + 2), SOME_TRANSACTION)).as("thread %d, X+2", thread).isFalse();
        }
        assertThat(loaded.getSnapshotPendingTransactions()).isEmpty();
    }

    @Test
    void transactionsOpenAtTheSnapshotScnAreKeptWithTheirStart() {
        HandoffOffset seed = new HandoffOffset(SNAPSHOT_SCN, List.of(new OpenTransaction("0a001b00c0d0e0f0", SNAPSHOT_SCN - 500),
                new OpenTransaction("0b0002000d000000", SNAPSHOT_SCN - 20)), new TreeSet<>(List.of(1)));

        OracleOffsetContext loaded = loadThroughTheEngineStore(seed);

        assertThat(loaded.getSnapshotPendingTransactions()).containsOnly(Map.entry("0a001b00c0d0e0f0", Scn.valueOf(SNAPSHOT_SCN - 500)),
                Map.entry("0b0002000d000000", Scn.valueOf(SNAPSHOT_SCN - 20)));
        // Their commits come after X, so they are streamed whole.
        assertThat(loaded.getCommitScn().hasBeenHandled(1, Scn.valueOf(SNAPSHOT_SCN + 7), "0a001b00c0d0e0f0")).isFalse();
    }

    @Test
    void aSeedThatCouldLoseOrRepeatChangesIsRefused() {
        assertThatThrownBy(() -> new HandoffOffset(SNAPSHOT_SCN, List.of(), new TreeSet<>())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redo thread");
        assertThatThrownBy(() -> new HandoffOffset(SNAPSHOT_SCN, List.of(new OpenTransaction("0a00", SNAPSHOT_SCN + 1)),
                new TreeSet<>(List.of(1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not open at SCN");
        assertThatThrownBy(() -> new OpenTransaction("0a00:1", 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OracleOffsetContext loadThroughTheEngineStore(HandoffOffset seed) {
        try (HandleRegistry<StreamOffsets>.Registration offsets = OwnedOffsetBackingStore.OWNERS.register(
                new StreamOffsets(Optional.of(seed.engineOffset())));
                HandleRegistry<SchemaHistoryRecords>.Registration history = OwnedSchemaHistory.OWNERS.register(new SchemaHistoryRecords(List.of()))) {
            Map<String, String> properties = engineProperties(offsets.handle(), history.handle());
            // As the engine does: a new store configured with the engine's properties, read through Connect's offset reader.
            OwnedOffsetBackingStore store = new OwnedOffsetBackingStore();
            store.configure(new EmbeddedWorkerConfig(new HashMap<>(properties)));
            store.start();
            try {
                OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, OracleEngineProperties.ENGINE_NAME, converter(true),
                        converter(false));
                Map<String, Object> offset = reader.offset(Map.of("server", OracleEngineProperties.TOPIC_PREFIX));
                assertThat(offset).as("offset the task reads at start").isNotNull();
                return new BufferedLogMinerOracleOffsetContextLoader(new OracleConnectorConfig(Configuration.from(properties))).load(offset);
            } finally {
                store.stop();
            }
        }
    }

    static Map<String, String> engineProperties(String offsetHandle, String historyHandle) {
        OracleSourceOptions options = OracleSourceOptions.from(org.apache.flink.configuration.Configuration.fromMap(Map.of("hostname",
                "127.0.0.1", "port", "1", "username", "c##cdc", "password", "secret", "database", "ORCLCDB", "tables", "ORCLPDB1.APP.\\.*")));
        Properties properties = OracleEngineProperties.of(options, new OracleEngineProperties.Binding(offsetHandle, historyHandle, false, true));
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static JsonConverter converter(boolean forKeys) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), forKeys);
        return converter;
    }
}
