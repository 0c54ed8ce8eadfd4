package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.source.oracle.OracleSnapshotMarker;
import io.tributary.source.oracle.OracleSourceOptions;
import io.tributary.source.oracle.RedoPosition;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The reader's life around Debezium's engine where no Oracle server listens: it starts, reports why the engine stopped, and closes. */
class OracleStreamReaderTest {
    private static final SnapshotCoverage<OracleSnapshotMarker> NOTHING_READ = new SnapshotCoverage<>() {
        @Override
        public Collection<OracleSnapshotMarker> markers() {
            return List.of();
        }

        @Override
        public Optional<OracleSnapshotMarker> markerFor(TableId tableId, Object[] chunkKey) {
            return Optional.empty();
        }

        @Override
        public ChunkKey chunkKey(TableId tableId) {
            return ChunkKey.none();
        }
    };

    @Test
    void anEngineThatCannotReachTheServerFailsThePollWithWhatToDo() throws Exception {
        OracleSourceOptions options = OracleSourceOptions.from(Configuration.fromMap(Map.of("hostname", "127.0.0.1", "port",
                Integer.toString(closedPort()), "username", "c##cdc", "password", "secret", "database", "FREE", "tables", "FREEPDB1.APP.\\.*")));
        RedoPosition start = RedoPosition.after(1000, new HandoffOffset(1000, List.of(), new TreeSet<>(List.of(1))).engineOffset());
        ChangeAssembler assembler = new ChangeAssembler("FREEPDB1", Map.of(), id -> false, id -> Optional.empty(), NOTHING_READ, start);
        OracleStreamReader reader = new OracleStreamReader(binding -> OracleEngineProperties.of(options, binding), assembler, List.of());
        try {
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            TributaryException failure = null;
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    assertThat(reader.poll()).as("no server, so no records").isEmpty();
                } catch (TributaryException e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("The Oracle log reader failed").contains("Unable to connect")
                    .contains("tributary validate");
        } finally {
            reader.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).as("the engine's thread is gone once the reader is closed")
                .noneMatch(thread -> thread.getName().equals("tributary-oracle-log-reader") && thread.isAlive());
    }

    @Test
    void aPositionWithoutTheLogReadersOffsetIsRefusedWithWhatToDo() {
        ChangeAssembler assembler = new ChangeAssembler("FREEPDB1", Map.of(), id -> false, id -> Optional.empty(), NOTHING_READ,
                RedoPosition.after(1000));

        assertThatThrownBy(() -> new OracleStreamReader(binding -> new java.util.Properties(), assembler, List.of()))
                .isInstanceOf(TributaryException.class).hasMessageContaining("without the log reader's offset")
                .hasMessageContaining("new --state-dir");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
