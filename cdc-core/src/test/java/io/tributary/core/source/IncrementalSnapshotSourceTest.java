package io.tributary.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the framework end to end on the embedded MiniCluster against a fake database. */
class IncrementalSnapshotSourceTest {
    @TempDir
    Path stateDir;

    @Test
    void snapshotWithConcurrentChangesEndsEqualToTheSourceAndReadsEachRowOnce() throws Exception {
        InMemoryDatabase database = InMemoryDatabase.create("concurrent");
        for (long id = 0; id < 5_000; id++) {
            database.upsert(id, 0);
        }
        BackgroundPipeline job = BackgroundPipeline.start(runner("concurrent", "initial"), "pipeline");

        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            long id = random.nextInt(6_000);
            if (random.nextInt(10) == 0) {
                database.delete(id);
            } else {
                database.upsert(id, i + 1);
            }
            if (i % 100 == 0) {
                Thread.sleep(5);
            }
        }

        CollectingSinkFactory.Collected collected = awaitEqual("concurrent", database, job);
        job.close();

        assertThat(collected.rows()).isEqualTo(database.current());
        assertThat(collected.maxReadsOfOneKey()).as("no key is read twice by the snapshot").isEqualTo(1);
        assertThat(collected.keysRead()).isGreaterThanOrEqualTo(4_000);
    }

    @Test
    void snapshotModeFinishesWithEveryRow() {
        InMemoryDatabase database = InMemoryDatabase.create("bounded");
        for (long id = 0; id < 1_234; id++) {
            database.upsert(id * 3, id);
        }
        runner("bounded", "snapshot").run();

        CollectingSinkFactory.Collected collected = CollectingSinkFactory.COLLECTIONS.get("bounded");
        assertThat(collected.rows()).isEqualTo(database.current());
        assertThat(collected.maxReadsOfOneKey()).isEqualTo(1);
        assertThat(InMemoryDialect.EPOCHS_OPEN.get("bounded")).as("no snapshot epoch left open").hasValue(0);
    }

    /** The embedded runtime's network memory is sized by parallelism ({@code PipelineRunner.networkMemory}): eight subtasks a side still get their buffers. */
    @Test
    void snapshotModeFinishesWithEveryRowAtParallelismEight() {
        InMemoryDatabase database = InMemoryDatabase.create("wide");
        for (long id = 0; id < 2_000; id++) {
            database.upsert(id, id);
        }
        runner("wide", "snapshot", "0", "500ms", 8).run();

        CollectingSinkFactory.Collected collected = CollectingSinkFactory.COLLECTIONS.get("wide");
        assertThat(collected.rows()).isEqualTo(database.current());
        assertThat(collected.maxReadsOfOneKey()).isEqualTo(1);
    }

    @Test
    void crashDuringSnapshotResumesWithoutRereadingCheckpointedChunks() throws Exception {
        InMemoryDatabase database = InMemoryDatabase.create("crash");
        for (long id = 0; id < 4_000; id++) {
            database.upsert(id, id);
        }
        BackgroundPipeline first = BackgroundPipeline.start(runner("crash", "initial", "150"), "pipeline-1");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (chunkReads("crash") < 14 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        Thread.sleep(700);
        for (long id = 0; id < 4_000; id += 7) {
            database.upsert(id, -id);
        }
        first.abort();
        int readsBeforeCrash = chunkReads("crash");
        assertThat(readsBeforeCrash).as("crashed in the middle of the snapshot").isLessThan(42);

        BackgroundPipeline second = BackgroundPipeline.start(runner("crash", "initial", "0"), "pipeline-2");
        for (long id = 0; id < 4_000; id += 11) {
            database.delete(id);
        }
        awaitEqual("crash", database, second);
        second.close();

        long reread = InMemoryDialect.CHUNK_READS.entrySet().stream()
                .filter(e -> e.getKey().startsWith("crash|") && e.getValue().get() > 1).count();
        assertThat(reread).as("chunks read twice (only those finished after the last checkpoint)").isLessThan(readsBeforeCrash / 2 + 1);
    }

    /**
     * The stream starts once a checkpoint taken after the last chunk completes; that checkpoint is
     * requested when the last chunk is reported, so changes flow long before the periodic
     * checkpoint (ten minutes away here) would come.
     */
    @Test
    void theStreamDoesNotWaitForThePeriodicCheckpointAfterTheSnapshot() throws Exception {
        InMemoryDatabase database = InMemoryDatabase.create("no-idle-gap");
        for (long id = 0; id < 1_000; id++) {
            database.upsert(id, id);
        }
        try (BackgroundPipeline job = BackgroundPipeline.start(runner("no-idle-gap", "initial", "0", "10min"), "pipeline")) {
            for (long id = 0; id < 1_000; id += 3) {
                database.upsert(id, -id);
            }
            database.delete(7);
            assertThat(awaitEqual("no-idle-gap", database, job).rows()).isEqualTo(database.current());
        }
    }

    private static int chunkReads(String database) {
        return InMemoryDialect.CHUNK_READS.entrySet().stream().filter(e -> e.getKey().startsWith(database + "|")).mapToInt(e -> e.getValue().get()).sum();
    }

    private PipelineRunner runner(String name, String mode) {
        return runner(name, mode, "0");
    }

    private PipelineRunner runner(String name, String mode, String chunkDelayMillis) {
        return runner(name, mode, chunkDelayMillis, "500ms");
    }

    private PipelineRunner runner(String name, String mode, String chunkDelayMillis, String checkpointInterval) {
        return runner(name, mode, chunkDelayMillis, checkpointInterval, 2);
    }

    private PipelineRunner runner(String name, String mode, String chunkDelayMillis, String checkpointInterval, int parallelism) {
        PipelineDefinition definition = new PipelineDefinition(name,
                new ConnectorDefinition("in-memory", Map.of("database", name, "chunk.size", "97", "scan.startup.mode", mode, "chunk.delay-ms", chunkDelayMillis)),
                new ConnectorDefinition("collect", Map.of("name", name)),
                List.<RouteDefinition>of(),
                Map.of("parallelism", String.valueOf(parallelism), "execution.checkpointing.interval", checkpointInterval));
        return new PipelineRunner(definition, new RunOptions(stateDir.resolve(name), OptionalInt.empty()));
    }

    private static CollectingSinkFactory.Collected awaitEqual(String name, InMemoryDatabase database, BackgroundPipeline pipeline) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (pipeline.failure().isPresent()) {
                throw new AssertionError("pipeline failed", pipeline.failure().get());
            }
            CollectingSinkFactory.Collected collected = CollectingSinkFactory.COLLECTIONS.get(name);
            TreeMap<Long, Long> expected = database.current();
            if (collected != null && collected.rows().equals(expected)) {
                return collected;
            }
            Thread.sleep(200);
        }
        CollectingSinkFactory.Collected collected = CollectingSinkFactory.COLLECTIONS.get(name);
        throw new AssertionError("target never matched the source; target has " + (collected == null ? 0 : collected.rows().size())
                + " rows, source " + database.current().size());
    }
}
