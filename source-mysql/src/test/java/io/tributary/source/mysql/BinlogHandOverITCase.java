package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.testing.TestingMariaDbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-over from the binlog client's thread to the pipeline, against a real MariaDB: an event
 * that cannot be handed over must fail the reader, never vanish while the reader carries on.
 */
class BinlogHandOverITCase {
    /** More row changes than the reader's queue holds, so the client's thread ends up waiting on it. */
    private static final int ROWS = 6000;
    private static TestingMariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        server.createDatabase("handover");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void anInterruptedHandOverFailsTheReaderInsteadOfDroppingTheEvent() throws Exception {
        server.execute("handover", "CREATE TABLE items (id INT PRIMARY KEY)");
        MySqlDialect dialect = new MySqlDialect(MariaDbTestSettings.options(MariaDbTestSettings.snapshotOf(server, "handover.items")));
        CapturedTable table = dialect.discoverTables().get(0);
        BinlogPosition start;
        try (SnapshotEpoch<MySqlSnapshotMarker> epoch = dialect.openSnapshotEpoch()) {
            start = epoch.marker().position().orElseThrow();
        }
        try (StreamReader<BinlogPosition> reader = dialect.openStreamReader(start, Map.of(table.tableId(), table.schema()), new NoSnapshot())) {
            server.execute("handover", "INSERT INTO items SELECT seq FROM seq_1_to_" + ROWS);
            Thread clientThread = awaitClientThreadWaitingOnTheQueue();
            clientThread.interrupt();

            List<Integer> handedOver = new ArrayList<>();
            TributaryException failure = drainUntilFailure(reader, handedOver);

            assertThat(failure.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED);
            assertThat(failure).hasMessageContaining("could not be handed over").hasMessageContaining("restarts from its last checkpoint");
            assertThat(handedOver).as("rows handed over before the failure: a gapless prefix of the insert")
                    .isNotEmpty().hasSizeLessThan(ROWS).isEqualTo(IntStream.rangeClosed(1, handedOver.size()).boxed().toList());
            assertThatThrownBy(reader::poll).as("the reader stays failed rather than reading on past the lost event")
                    .isInstanceOf(TributaryException.class);
        }
    }

    /** Polls until the reader fails, collecting the ids of the inserted rows it returned on the way. */
    private static TributaryException drainUntilFailure(StreamReader<BinlogPosition> reader, List<Integer> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<StreamRecord<BinlogPosition>> records;
            try {
                records = reader.poll();
            } catch (TributaryException e) {
                return e;
            }
            for (StreamRecord<BinlogPosition> record : records) {
                record.event().filter(DataChangeEvent.class::isInstance).map(DataChangeEvent.class::cast)
                        .ifPresent(change -> ids.add((Integer) change.after().orElseThrow()[0]));
            }
        }
        throw new AssertionError("The reader did not fail within 30 s after its client thread was interrupted; it returned "
                + ids.size() + " of " + ROWS + " rows and then nothing, so the rest were dropped silently");
    }

    /** The replication client's event thread, once it waits for room in the reader's full queue. */
    private static Thread awaitClientThreadWaitingOnTheQueue() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String name = "blc-127.0.0.1:" + server.port();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                boolean waitingOnQueue = Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().endsWith("ArrayBlockingQueue") && frame.getMethodName().equals("offer"));
                if (thread.getKey().getName().equals(name) && waitingOnQueue) {
                    return thread.getKey();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The binlog client thread " + name + " never waited for room in the reader's queue");
    }

    /** No snapshot chunk holds any key: every change is the stream's to emit. */
    private static final class NoSnapshot implements SnapshotCoverage<MySqlSnapshotMarker> {
        @Override
        public Collection<MySqlSnapshotMarker> markers() {
            return List.of();
        }

        @Override
        public Optional<MySqlSnapshotMarker> markerFor(TableId tableId, Object[] chunkKey) {
            return Optional.empty();
        }

        @Override
        public ChunkKey chunkKey(TableId tableId) {
            return ChunkKey.none();
        }
    }
}
