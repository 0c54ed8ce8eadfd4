package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary status} and {@code tributary drop} through the real command line on a
 * PostgreSQL → PostgreSQL pipeline: status prints what {@code /status} says as a table while the
 * pipeline runs, and says so when it does not; drop refuses while the pipeline runs (and so does a second {@code run} on the same state directory),
 * then removes exactly the slot and publication the pipeline created and its state directory,
 * leaving a publication the user made, a slot it does not know it made, and the target's tables;
 * {@code slot.drop-on-stop} drops the slot when the user stops the pipeline.
 */
class StatusAndDropITCase {
    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g",
                "CREATE PUBLICATION mine FOR TABLE items");
        target.createDatabase("warehouse");
    }

    @AfterAll
    static void stopServers() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void removesWhatThePipelineCreatedOnceItNoLongerRuns() throws Exception {
        Path pipeline = writePipeline("dropped", "dropped_slot", "");
        Path state = work.resolve("state");
        try (TributaryProcess run = startAndAwaitStreaming(pipeline, state, "run.log", "--http-port", "0")) {
            try (TributaryProcess status = TributaryProcess.start(work.resolve("status.log"), "status", pipeline.toString(), "--state-dir",
                    state.toString())) {
                assertThat(status.awaitExit(Duration.ofSeconds(60))).as("status:\n%s", status.output()).isZero();
                assertThat(status.output()).contains("Pipeline 'dropped': streaming, ", "job running, 0 restarts", "Checkpoints: ")
                        .containsPattern("shop\\.public\\.items +1/1 +500/500 +yes");
            }
            try (TributaryProcess drop = TributaryProcess.start(work.resolve("drop-running.log"), "drop", pipeline.toString(), "--state-dir",
                    state.toString())) {
                assertThat(drop.awaitExit(Duration.ofSeconds(60))).as("drop while running:\n%s", drop.output()).isEqualTo(1);
                assertThat(drop.output()).contains("error: [STATE_IN_USE] The pipeline with state directory " + state + " is running (process ");
            }
            try (TributaryProcess second = TributaryProcess.start(work.resolve("second.log"), "run", pipeline.toString(), "--state-dir",
                    state.toString())) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).as("a second run on the same state:\n%s", second.output()).isEqualTo(1);
                assertThat(second.output()).contains("error: [STATE_IN_USE]");
            }
            assertThat(slotExists("dropped_slot")).as("nothing removed while running").isTrue();
            run.kill();
        }
        try (TributaryProcess status = TributaryProcess.start(work.resolve("status-stopped.log"), "status", pipeline.toString(), "--state-dir",
                state.toString())) {
            assertThat(status.awaitExit(Duration.ofSeconds(60))).as("status of a killed pipeline:\n%s", status.output()).isEqualTo(1);
            assertThat(status.output()).contains("Pipeline 'dropped' does not answer at http://127.0.0.1:", "it has stopped");
        }

        try (TributaryProcess drop = TributaryProcess.start(work.resolve("drop.log"), "drop", pipeline.toString(), "--state-dir", state.toString())) {
            assertThat(drop.awaitExit(Duration.ofSeconds(60))).as("drop:\n%s", drop.output()).isZero();
            assertThat(drop.output()).contains("dropped replication slot dropped_slot on 127.0.0.1:" + source.port() + "/shop",
                    "dropped publication tributary_dropped_slot", "deleted the state directory " + state, "Pipeline 'dropped' dropped.");
        }
        assertThat(slotExists("dropped_slot")).isFalse();
        assertThat(publicationExists("tributary_dropped_slot")).isFalse();
        assertThat(state).doesNotExist();
        try (Connection connection = target.connect("warehouse")) {
            assertThat(TableContents.count(connection, "public.items")).as("the target keeps its rows").isEqualTo(500);
        }
    }

    @Test
    void leavesAloneAPublicationTheUserMadeAndTheSlotItCannotTellItMade() throws Exception {
        Path pipeline = writePipeline("borrowed", "borrowed_slot", "  publication.name: mine\n");
        Path state = work.resolve("borrowed-state");
        try (TributaryProcess run = startAndAwaitStreaming(pipeline, state, "borrowed.log")) {
            run.kill();
        }
        try (TributaryProcess drop = TributaryProcess.start(work.resolve("drop-borrowed.log"), "drop", pipeline.toString(), "--state-dir",
                state.toString())) {
            assertThat(drop.awaitExit(Duration.ofSeconds(60))).as("drop:\n%s", drop.output()).isZero();
            assertThat(drop.output()).contains("left alone: replication slot borrowed_slot", "SELECT pg_drop_replication_slot('borrowed_slot')",
                    "left alone: publication mine", "deleted the state directory " + state);
        }
        assertThat(publicationExists("mine")).isTrue();
        assertThat(slotExists("borrowed_slot")).isTrue();
        source.execute("shop", "SELECT pg_drop_replication_slot('borrowed_slot')");
    }

    @Test
    void slotDropOnStopReleasesTheSlotWhenTheUserStopsThePipeline() throws Exception {
        Path pipeline = writePipeline("released", "released_slot", "  slot.drop-on-stop: true\n");
        Path state = work.resolve("released-state");
        try (TributaryProcess run = startAndAwaitStreaming(pipeline, state, "released.log")) {
            assertThat(slotExists("released_slot")).isTrue();
            run.terminate(Duration.ofSeconds(90));
            assertThat(run.output()).as("the run's log").contains("dropped replication slot released_slot on 127.0.0.1:" + source.port()
                    + "/shop (slot.drop-on-stop)", "the next run starts with a new snapshot");
        }
        assertThat(slotExists("released_slot")).as("the slot holds no WAL after the stop").isFalse();
        assertThat(state.resolve("checkpoints")).as("checkpoints that could no longer resume").doesNotExist();
        assertThat(state.resolve("savepoints")).doesNotExist();
        source.execute("shop", "DROP PUBLICATION tributary_released_slot");
    }

    private TributaryProcess startAndAwaitStreaming(Path pipeline, Path state, String log, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", pipeline.toString(), "--state-dir", state.toString()));
        args.addAll(List.of(more));
        TributaryProcess run = TributaryProcess.start(work.resolve(log), args.toArray(String[]::new));
        run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(90));
        return run;
    }

    private Path writePipeline(String name, String slot, String moreSourceOptions) throws Exception {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: postgres
                  password: unused
                  tables: shop.public.items
                  slot.name: %s
                %ssink:
                  type: jdbc
                  url: %s
                  username: postgres
                  password: unused
                pipeline:
                  name: %s
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), slot, moreSourceOptions, target.jdbcUrl("warehouse"), name));
        return file;
    }

    private static boolean slotExists(String slot) throws SQLException {
        return exists("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
    }

    private static boolean publicationExists(String publication) throws SQLException {
        return exists("SELECT 1 FROM pg_publication WHERE pubname = '" + publication + "'");
    }

    private static boolean exists(String query) throws SQLException {
        try (Connection connection = source.connect("shop"); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            return rs.next();
        }
    }
}
