package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.embedded.Connect;
import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.engine.spi.OffsetCommitPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.junit.jupiter.api.Test;

/**
 * The engine's offset path with a stand-in for the Oracle connector (which needs a server): the
 * task starts from the source's offset, and each offset the engine flushes reaches the source, so
 * a restart from it emits nothing twice and skips nothing.
 */
class OwnedOffsetBackingStoreTest {
    private static final int EVENTS_PER_RUN = 3;

    @Test
    void aRestartFromTheFlushedOffsetContinuesWithoutRepeatOrGap() throws Exception {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        StreamOffsets firstRun = new StreamOffsets(Optional.of(new EngineOffset(Map.of("scn", "999500", "seq", 0L))));

        run(firstRun, delivered);
        assertThat(firstRun.lastFlushed()).as("the engine reported its flushed offset").isPresent();
        assertThat(firstRun.lastFlushed().orElseThrow().values()).containsEntry("seq", 3L).containsEntry("scn", "999500");

        StreamOffsets secondRun = new StreamOffsets(firstRun.current());
        run(secondRun, delivered);

        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(secondRun.current().orElseThrow().values()).containsEntry("seq", 6L);
    }

    @Test
    void aStoreWhoseHandleIsNotRegisteredRefusesToStart() {
        OwnedOffsetBackingStore store = new OwnedOffsetBackingStore();
        String handle;
        try (HandleRegistry<StreamOffsets>.Registration registration = OwnedOffsetBackingStore.OWNERS.register(new StreamOffsets(Optional.empty()))) {
            handle = registration.handle();
        }
        Map<String, String> properties = Map.of("name", "engine", "topic.prefix", "tributary", OwnedOffsetBackingStore.HANDLE_PROPERTY, handle);

        assertThatThrownBy(() -> store.configure(new EmbeddedWorkerConfig(new HashMap<>(properties)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(handle);
    }

    /** Runs the engine until the stand-in task's events are delivered and their offset flushed, then stops it. */
    private static void run(StreamOffsets offsets, List<Long> delivered) throws Exception {
        CountDownLatch runDelivered = new CountDownLatch(EVENTS_PER_RUN);
        CompletableFuture<Throwable> completion = new CompletableFuture<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-debezium-engine"));
        try (HandleRegistry<StreamOffsets>.Registration registration = OwnedOffsetBackingStore.OWNERS.register(offsets)) {
            Properties properties = new Properties();
            properties.setProperty("name", OracleEngineProperties.ENGINE_NAME);
            properties.setProperty("topic.prefix", OracleEngineProperties.TOPIC_PREFIX);
            properties.setProperty("connector.class", StandInConnector.class.getName());
            properties.setProperty("offset.storage", OwnedOffsetBackingStore.class.getName());
            properties.setProperty(OwnedOffsetBackingStore.HANDLE_PROPERTY, registration.handle());
            properties.setProperty("offset.flush.interval.ms", "0");
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(properties)
                    .using(OffsetCommitPolicy.always())
                    .notifying((batch, committer) -> {
                        for (RecordChangeEvent<SourceRecord> event : batch) {
                            delivered.add((Long) event.record().value());
                            committer.markProcessed(event);
                        }
                        committer.markBatchFinished();
                        batch.forEach(event -> runDelivered.countDown());
                    })
                    .using((success, message, error) -> completion.complete(success ? null : new AssertionError(message, error)))
                    .build();
            executor.submit(engine);
            assertThat(runDelivered.await(30, TimeUnit.SECONDS)).as("events delivered").isTrue();
            engine.close();
            assertThat(completion.get(30, TimeUnit.SECONDS)).as("engine failure").isNull();
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Emits the next {@link #EVENTS_PER_RUN} events after the sequence number of its start offset. */
    public static class StandInConnector extends SourceConnector {
        private Map<String, String> properties;

        @Override
        public void start(Map<String, String> properties) {
            this.properties = properties;
        }

        @Override
        public Class<? extends Task> taskClass() {
            return StandInTask.class;
        }

        @Override
        public List<Map<String, String>> taskConfigs(int maxTasks) {
            return List.of(properties);
        }

        @Override
        public void stop() {}

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }

        @Override
        public String version() {
            return "test";
        }
    }

    public static class StandInTask extends SourceTask {
        private static final Map<String, String> PARTITION = Map.of("server", OracleEngineProperties.TOPIC_PREFIX);
        private String scn;
        private long next;
        private long last;

        @Override
        public void start(Map<String, String> properties) {
            Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
            scn = offset == null ? "0" : (String) offset.get("scn");
            next = offset == null ? 1 : (Long) offset.get("seq") + 1;
            last = next + EVENTS_PER_RUN - 1;
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next > last) {
                TimeUnit.MILLISECONDS.sleep(20); // nothing more to read, as an idle log
                return null;
            }
            List<SourceRecord> records = new ArrayList<>();
            for (; next <= last; next++) {
                records.add(new SourceRecord(PARTITION, Map.of("scn", scn, "seq", next), "tributary.APP.ORDERS", Schema.INT64_SCHEMA, next));
            }
            return records;
        }

        @Override
        public void stop() {}

        @Override
        public String version() {
            return "test";
        }
    }
}
