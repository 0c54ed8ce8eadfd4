package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.RowCollectingSinkFactory;
import io.tributary.core.testing.TestingMariaDbServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB snapshot handed over to the binlog, into the two-phase collecting sink: every key's
 * version column must go up by exactly one per change (nothing lost, nothing twice), and the copy
 * must equal the table, while a writer changes the table throughout, also across a crash.
 */
class BinlogStreamITCase {
    private static final int ROWS = 20_000;
    private static TestingMariaDbServer server;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        server.createDatabase("stream");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theSnapshotHandsOverToTheBinlogWithoutGapOrDuplicate() throws Exception {
        createTable("accounts");
        Running pipeline = start("accounts", "binlog-handover");
        Workload workload = new Workload("accounts");
        workload.start();
        pipeline.awaitRows(1);
        workload.runFor(Duration.ofSeconds(6));
        workload.stop();

        pipeline.awaitCopyOf("accounts");
        pipeline.runner.abort();
        assertVersionsStepByOne("binlog-handover");
    }

    @Test
    void aCrashWhileStreamingResumesWithoutRepeatingOrLosingAChange() throws Exception {
        createTable("ledger");
        Running first = start("ledger", "binlog-crash");
        Workload workload = new Workload("ledger");
        workload.start();
        first.awaitRows(ROWS / 2);
        workload.runFor(Duration.ofSeconds(3));
        first.runner.abort();
        first.thread.join(Duration.ofMinutes(1).toMillis());

        Running second = start("ledger", "binlog-crash");
        workload.runFor(Duration.ofSeconds(3));
        workload.stop();
        second.awaitCopyOf("ledger");
        second.runner.abort();
        assertVersionsStepByOne("binlog-crash");
    }

    private static void createTable(String table) {
        server.execute("stream", "CREATE TABLE " + table + " (id INT PRIMARY KEY, version INT NOT NULL, amount DECIMAL(12,2), "
                        + "note VARCHAR(40) CHARACTER SET utf8mb4, flags BIGINT UNSIGNED, changed DATETIME(3))",
                "INSERT INTO " + table + " SELECT seq, 1, seq / 7, CONCAT('n', seq, 'ü'), 18446744073709551615 - seq, '2024-01-01 10:00:00.125' "
                        + "FROM seq_1_to_" + ROWS,
                "ANALYZE TABLE " + table);
    }

    private Running start(String table, String name) {
        Map<String, String> source = MariaDbTestSettings.snapshotOf(server, "stream." + table);
        source.put("scan.startup.mode", "initial");
        source.put("scan.incremental.snapshot.chunk.size", "1000");
        source.put("server-id", "6001");
        PipelineDefinition definition = new PipelineDefinition(name, new ConnectorDefinition("mysql", source),
                new ConnectorDefinition("collect-rows", Map.of("name", name)), List.<RouteDefinition>of(),
                Map.of("parallelism", "2", "execution.checkpointing.interval", "300ms"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(stateDir, OptionalInt.empty()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline-" + name);
        thread.start();
        return new Running(name, runner, thread, failure);
    }

    private static void assertVersionsStepByOne(String name) {
        Map<Integer, List<Object>> histories = RowCollectingSinkFactory.TARGETS.get(name).secondColumnHistory();
        assertThat(histories).isNotEmpty();
        List<String> broken = new ArrayList<>();
        histories.forEach((key, versions) -> {
            Integer previous = null;
            for (Object version : versions) {
                if (version.equals(RowCollectingSinkFactory.DELETED)) {
                    previous = null;
                    continue;
                }
                int current = (Integer) version;
                if (previous != null && current != previous + 1) {
                    broken.add(key + ": " + versions);
                    break;
                }
                previous = current;
            }
        });
        assertThat(broken).as("keys whose versions do not go up by exactly one per change").isEmpty();
    }

    private record Running(String name, PipelineRunner runner, Thread thread, AtomicReference<Throwable> failure) {
        void awaitRows(int count) throws Exception {
            await(() -> {
                RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
                return target != null && target.rows().size() >= count;
            }, "at least " + count + " rows");
        }

        void awaitCopyOf(String table) throws Exception {
            TreeMap<Integer, List<Object>> source = read(table);
            AtomicReference<String> difference = new AtomicReference<>();
            try {
                await(() -> {
                    RowCollectingSinkFactory.Target target = RowCollectingSinkFactory.TARGETS.get(name);
                    if (target == null) {
                        return false;
                    }
                    TreeMap<Integer, List<Object>> copy = target.rows();
                    difference.set(describeDifference(source, copy));
                    return difference.get() == null;
                }, "the copy to equal the table");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + difference.get(), e);
            }
        }

        private void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (failure.get() != null) {
                    throw new AssertionError("the pipeline failed", failure.get());
                }
                if (condition.getAsBoolean()) {
                    return;
                }
                Thread.sleep(50); // polling the collected copy; nothing to be notified by
            }
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private static String describeDifference(TreeMap<Integer, List<Object>> source, TreeMap<Integer, List<Object>> copy) {
        if (!source.keySet().equals(copy.keySet())) {
            return "keys differ: " + source.size() + " in the table, " + copy.size() + " in the copy";
        }
        for (Map.Entry<Integer, List<Object>> row : source.entrySet()) {
            if (!row.getValue().equals(copy.get(row.getKey()))) {
                return "row " + row.getKey() + " is " + row.getValue() + " in the table but " + copy.get(row.getKey()) + " in the copy";
            }
        }
        return null;
    }

    private static TreeMap<Integer, List<Object>> read(String table) throws Exception {
        TreeMap<Integer, List<Object>> rows = new TreeMap<>();
        try (Connection connection = server.connect("stream"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, version, amount, note, flags, changed FROM " + table)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                row.add(rs.getInt(1));
                row.add(rs.getInt(2));
                row.add(rs.getBigDecimal(3));
                row.add(rs.getString(4));
                row.add(new BigDecimal(rs.getString(5)));
                row.add(rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toLocalDateTime());
                rows.put(rs.getInt(1), row);
            }
        }
        return rows;
    }

    /** Updates (version + 1), inserts and deletes at random keys, in small transactions. */
    private static final class Workload {
        private final String table;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        Workload(String table) {
            this.table = table;
        }

        void start() {
            thread = new Thread(this::write, "workload-" + table);
            thread.start();
        }

        void runFor(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis()); // let the workload write for a while
            assertThat(failure.get()).isNull();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            assertThat(failure.get()).isNull();
        }

        private void write() {
            Random random = new Random(11);
            int nextId = ROWS + 1;
            try (Connection connection = server.connect("stream"); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                while (running.get()) {
                    for (int i = 0; i < 5; i++) {
                        int id = 1 + random.nextInt(nextId);
                        switch (random.nextInt(10)) {
                            case 0 -> statement.execute("INSERT INTO " + table + " VALUES (" + nextId++ + ", 1, 1.50, 'new', 7, NOW(3))");
                            case 1 -> statement.execute("DELETE FROM " + table + " WHERE id = " + id);
                            default -> statement.execute("UPDATE " + table + " SET version = version + 1, amount = amount + 1, "
                                    + "note = CONCAT('v', version + 1, 'é'), changed = NOW(3) WHERE id = " + id);
                        }
                    }
                    connection.commit();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }
    }
}
