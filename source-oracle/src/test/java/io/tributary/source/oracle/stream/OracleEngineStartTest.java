package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tributary.source.oracle.OracleSourceOptions;
import io.tributary.source.oracle.stream.HandoffOffset.OpenTransaction;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium's Oracle connector, in its engine, on this module's class path and with the properties
 * the source builds: it checks every option before connecting, so failing only because no server
 * listens shows that the class path and the properties are accepted.
 */
class OracleEngineStartTest {
    @Test
    void theConnectorAcceptsTheSourcesPropertiesAndFailsOnlyOnTheMissingServer() throws Exception {
        OracleSourceOptions options = OracleSourceOptions.from(Configuration.fromMap(Map.of("hostname", "127.0.0.1", "port",
                Integer.toString(closedPort()), "username", "c##cdc", "password", "secret", "database", "ORCLCDB", "tables",
                "ORCLPDB1.APP.\\.*")));
        HandoffOffset seed = new HandoffOffset(1_000_000L, List.of(new OpenTransaction("0a001b00c0d0e0f0", 999_000L)), new TreeSet<>(List.of(1)));
        CompletableFuture<String> failure = new CompletableFuture<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-oracle-engine"));
        try (HandleRegistry<StreamOffsets>.Registration offsets = OwnedOffsetBackingStore.OWNERS.register(
                new StreamOffsets(Optional.of(seed.engineOffset())));
                HandleRegistry<SchemaHistoryRecords>.Registration history = OwnedSchemaHistory.OWNERS.register(new SchemaHistoryRecords(List.of()))) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties(options, offsets.handle(), history.handle()))
                    .notifying((batch, committer) -> failure.complete("unexpected records: " + batch))
                    .using((success, message, error) -> failure.complete(success ? "engine succeeded" : message))
                    .build();
            executor.submit(engine);
            try {
                assertThat(failure.get(60, TimeUnit.SECONDS)).startsWith("Connector configuration is not valid. Unable to connect");
            } finally {
                if (!failure.isDone()) {
                    engine.close(); // a failed engine has shut itself down already
                }
            }
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Properties engineProperties(OracleSourceOptions options, String offsetHandle, String historyHandle) {
        return OracleEngineProperties.of(options, new OracleEngineProperties.Binding(offsetHandle, historyHandle, false, true));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
