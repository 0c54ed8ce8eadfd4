package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.runtime.KeyPartitioner;
import io.tributary.core.serialization.EventTypeInfo;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.ValidationReport;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs Flink jobs that write change events through the Kafka sink into a real KRaft broker, with
 * frequent checkpoints, and checks with a {@code read_committed} consumer that every change
 * arrives exactly once and in order per key, also across a failure and restore.
 */
class KafkaSinkITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int KEYS = 20;
    private static final int EVENTS = 1_000;
    private static final int VERSIONS = EVENTS / KEYS;
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("version", DataType.of(TypeKind.BIGINT).notNull()),
            new Column("payload", DataType.of(TypeKind.TEXT))), List.of("id"));
    /** Set once per test that wants its job to fail (and be restored from a checkpoint) part-way. */
    private static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
    /** Checkpoints completed in the current job, as seen by its generator. */
    private static final AtomicInteger COMPLETED_CHECKPOINTS = new AtomicInteger();
    /** Set by a test whose job must crash once between a completed checkpoint and its Kafka commit. */
    private static final AtomicBoolean CRASH_BEFORE_NEXT_COMMIT = new AtomicBoolean();
    /** Set by a test whose job must stall once before a commit until the broker has aborted the transactions. */
    private static final AtomicBoolean HOLD_NEXT_COMMIT = new AtomicBoolean();

    private static TestingKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestingKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void deliversEveryChangeExactlyOnceInKeyOrder() throws Exception {
        TableId table = TableId.parse("app.public.steady");
        KafkaSinkConfig config = config("steady", Map.of("include.schema.changes", "true", "sink.topic.partitions", "3"));
        FAIL_ONCE.set(false);

        long started = System.nanoTime();
        runJob(config, "steady", table, 2, "");
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<ConsumerRecord<byte[], byte[]>> records = broker.readCommitted(table.identifier());
        assertExactlyOnceInKeyOrder(records);
        System.out.printf("KafkaSinkITCase: %d events (exactly-once, parallelism 2, 100 ms checkpoints) in %d ms%n", EVENTS, millis);

        List<ConsumerRecord<byte[], byte[]>> schemaChanges = broker.readCommitted("steady.schema-changes");
        assertThat(schemaChanges).hasSize(1);
        JsonNode change = MAPPER.readTree(schemaChanges.get(0).value());
        assertThat(change.get("table").asText()).isEqualTo(table.identifier());
        assertThat(change.get("change").get("type").asText()).isEqualTo("CREATE_TABLE");
    }

    @Test
    void restoresAfterAFailureWithoutLossOrDuplicates() throws Exception {
        TableId table = TableId.parse("app.public.failing");
        KafkaSinkConfig config = config("failing", Map.of("sink.topic.partitions", "2"));
        FAIL_ONCE.set(true);

        runJob(config, "failing", table, 2, "");

        assertThat(FAIL_ONCE.get()).as("the job failed once and was restored").isFalse();
        assertExactlyOnceInKeyOrder(broker.readCommitted(table.identifier()));
    }

    @Test
    void commitsThePreparedTransactionsOfTheRestoredCheckpoint() throws Exception {
        TableId table = TableId.parse("app.public.uncommitted");
        KafkaSinkConfig config = config("uncommitted", Map.of("sink.topic.partitions", "2"));
        FAIL_ONCE.set(false);
        CRASH_BEFORE_NEXT_COMMIT.set(true);

        runJob(config, "uncommitted", table, 2, "", sink -> new CommitInterceptingSink((KafkaFlinkSink) sink, KafkaSinkITCase::crashOnce));

        assertThat(CRASH_BEFORE_NEXT_COMMIT.get()).as("the job crashed before a commit").isFalse();
        assertExactlyOnceInKeyOrder(broker.readCommitted(table.identifier()));
    }

    @Test
    void failsThePipelineWhenTheBrokerAbortedACheckpointsTransaction() {
        TableId table = TableId.parse("app.public.expired");
        KafkaSinkConfig config = config("expired", Map.of("properties.transaction.timeout.ms", "2000"));
        FAIL_ONCE.set(false);
        HOLD_NEXT_COMMIT.set(true);

        assertThatThrownBy(() -> runJob(config, "expired", table, 1, "",
                sink -> new CommitInterceptingSink((KafkaFlinkSink) sink, KafkaSinkITCase::holdOnceUntilAborted)))
                .satisfies(e -> assertThat(TributaryException.findIn(e)).hasValueSatisfying(own -> assertThat(own.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED)))
                .satisfies(e -> assertThat(describe(e))
                        .contains("Kafka transaction tributary-expired-0-")
                        .contains("was NOT committed")
                        .contains("The records of the checkpoint it holds are not in Kafka")
                        .contains("raise properties.transaction.timeout.ms (now 2000 ms")
                        .contains("execution.checkpointing.interval"));
        assertThat(HOLD_NEXT_COMMIT.get()).as("a commit was held past the transaction timeout").isFalse();
    }

    @Test
    void deliversAtLeastOnceWithoutTransactions() throws Exception {
        TableId table = TableId.parse("app.public.plain");
        KafkaSinkConfig config = config("plain", Map.of("sink.delivery-guarantee", "at-least-once", "partition.strategy", "all-to-zero",
                "sink.topic.partitions", "2"));
        FAIL_ONCE.set(false);

        runJob(config, "plain", table, 2, "");

        List<ConsumerRecord<byte[], byte[]>> records = broker.readCommitted(table.identifier());
        assertExactlyOnceInKeyOrder(records);
        assertThat(records).allSatisfy(record -> assertThat(record.partition()).isZero());
    }

    @Test
    void validationReportsTheClusterAndTopics() {
        KafkaSinkConfig config = config("validated", Map.of("topic", "validated-all", "include.schema.changes", "true"));
        ValidationReport report = new KafkaSink(config, "validated").validate();
        System.out.println("KafkaSinkITCase validation: " + report.findings());
        assertThat(report.connector()).isEqualTo("kafka");
        assertThat(String.join("\n", report.findings()))
                .contains("1 broker(s)")
                .contains("transaction timeout 900000 ms")
                .contains("to be created [validated-all, validated.schema-changes]");
    }

    @Test
    void validationNamesAnUnreachableBroker() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> options = new HashMap<>(Map.of("properties.bootstrap.servers", "127.0.0.1:" + closedPort, "sink.connect.timeout", "2s"));
        KafkaSinkConfig config = KafkaSinkFactory.configFrom(Configuration.fromMap(options), "unreachable");
        assertThatThrownBy(() -> new KafkaSink(config, "unreachable").validate())
                .isInstanceOf(TributaryException.class)
                .satisfies(e -> assertThat(((TributaryException) e).code()).isEqualTo(ErrorCode.SINK_UNREACHABLE))
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void refusesAReplicationFactorAboveTheBrokerCount() {
        KafkaSinkConfig config = config("replicated", Map.of("sink.topic.replication-factor", "3"));
        assertThatThrownBy(() -> new KafkaSink(config, "replicated").validate())
                .isInstanceOf(TributaryException.class)
                .hasMessageContaining("sink.topic.replication-factor is 3").hasMessageContaining("1 broker(s)");
    }

    @Test
    void namesATopicThatCannotBeCreated() {
        KafkaSinkConfig config = config("invalid", Map.of());
        try (TopicCreator creator = new TopicCreator(config)) {
            assertThatThrownBy(() -> creator.ensureExists("no spaces allowed"))
                    .isInstanceOf(TributaryException.class)
                    .satisfies(e -> assertThat(((TributaryException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageContaining("Kafka topic no spaces allowed does not exist and could not be created");
        }
    }

    @Test
    void failsOnARecordOverMaxRequestSizeNamingTheTopic() {
        TableId table = TableId.parse("app.public.large");
        KafkaSinkConfig config = config("large", Map.of("properties.max.request.size", "2000"));
        FAIL_ONCE.set(false);
        assertThatThrownBy(() -> runJob(config, "large", table, 1, "x".repeat(5_000)))
                .satisfies(e -> assertThat(describe(e)).contains("for topic app.public.large").contains("properties.max.request.size (2000 bytes)"));
    }

    private static KafkaSinkConfig config(String pipeline, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("properties.bootstrap.servers", broker.bootstrapServers());
        return ((KafkaSink) new KafkaSinkFactory().createSink(Configuration.fromMap(options), new PipelineContext(pipeline, 1))).config();
    }

    /** Sequence number i becomes version i / KEYS of key i % KEYS: an insert, then updates, the last version of even keys a delete. */
    private static void runJob(KafkaSinkConfig config, String pipeline, TableId table, int parallelism, String payload) throws Exception {
        runJob(config, pipeline, table, parallelism, payload, sink -> sink);
    }

    private static void runJob(KafkaSinkConfig config, String pipeline, TableId table, int parallelism, String payload,
            UnaryOperator<Sink<Event>> wrapSink) throws Exception {
        Configuration conf = new Configuration();
        COMPLETED_CHECKPOINTS.set(0);
        conf.setString("execution.checkpointing.interval", "100ms");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "100ms");
        // No spare slots: the restarted job needs the slots of the failed one, so a task manager
        // lost to a failure in the failing task's clean-up would show as a job that cannot restart.
        conf.setString("taskmanager.numberOfTaskSlots", String.valueOf(parallelism));
        conf.setString("slot.request.timeout", "20s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.fromSequence(0, EVENTS - 1).setParallelism(1)
                .flatMap(new ChangeGenerator(table, payload), EventTypeInfo.INSTANCE).setParallelism(1)
                .flatMap(new KeyPartitioner(parallelism), new TupleTypeInfo<>(BasicTypeInfo.INT_TYPE_INFO, EventTypeInfo.INSTANCE)).setParallelism(1)
                .partitionCustom((Integer channel, int channels) -> channel, addressed -> addressed.f0)
                .map(addressed -> addressed.f1, EventTypeInfo.INSTANCE)
                .sinkTo(wrapSink.apply(new KafkaSink(config, pipeline).createFlinkSink()));
        env.execute(pipeline);
    }

    private static void assertExactlyOnceInKeyOrder(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        Map<Long, List<Long>> versionsByKey = new TreeMap<>();
        Map<Long, Integer> partitionOfKey = new HashMap<>();
        ConsumerRecord<byte[], byte[]> previous = null;
        int tombstones = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long id = MAPPER.readTree(record.key()).get("id").asLong();
            assertThat(partitionOfKey.computeIfAbsent(id, k -> record.partition())).as("partition of key %d", id).isEqualTo(record.partition());
            if (record.value() == null) {
                tombstones++;
                assertThat(previous).isNotNull();
                assertThat(previous.key()).isEqualTo(record.key());
                assertThat(MAPPER.readTree(previous.value()).get("op").asText()).isEqualTo("d");
            } else {
                JsonNode value = MAPPER.readTree(record.value());
                JsonNode image = value.get("op").asText().equals("d") ? value.get("before") : value.get("after");
                versionsByKey.computeIfAbsent(id, k -> new ArrayList<>()).add(image.get("version").asLong());
            }
            previous = record;
        }
        assertThat(versionsByKey).hasSize(KEYS);
        List<Long> expected = new ArrayList<>();
        for (long v = 0; v < VERSIONS; v++) {
            expected.add(v);
        }
        versionsByKey.forEach((id, versions) -> assertThat(versions).as("versions of key %d", id).isEqualTo(expected));
        assertThat(tombstones).isEqualTo(KEYS / 2);
        assertThat(records).hasSize(EVENTS + KEYS / 2);
    }

    /** The crash between a completed checkpoint and its commit: the restored job must commit the checkpointed transactions. */
    private static void crashOnce(Collection<Committer.CommitRequest<KafkaCommittable>> requests) throws IOException {
        if (CRASH_BEFORE_NEXT_COMMIT.compareAndSet(true, false)) {
            throw new IOException("planned crash before committing " + requests.size() + " transaction(s)");
        }
    }

    /** A commit that comes too late, e.g. after an outage: waits until the broker has aborted each transaction after its timeout. */
    private static void holdOnceUntilAborted(Collection<Committer.CommitRequest<KafkaCommittable>> requests) throws InterruptedException {
        if (!HOLD_NEXT_COMMIT.compareAndSet(true, false)) {
            return;
        }
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            for (Committer.CommitRequest<KafkaCommittable> request : requests) {
                String id = request.getCommittable().getTransactionalId();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (transactionState(admin, id) != TransactionState.COMPLETE_ABORT) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("The broker did not abort transaction " + id + " within 60 s");
                    }
                    Thread.sleep(100); // polling the broker, whose abort of timed-out transactions runs periodically
                }
            }
        }
    }

    private static TransactionState transactionState(Admin admin, String transactionalId) throws InterruptedException {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state();
        } catch (ExecutionException e) {
            throw new AssertionError("Could not describe transaction " + transactionalId, e);
        }
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 100_000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    /**
     * Turns sequence numbers into change events, announcing the table first as a source reader
     * does (again after a restore), paced so that the job spans many checkpoints; when
     * {@link #FAIL_ONCE} is set, fails once past event 600 after a checkpoint has completed, so
     * the job restores from that checkpoint with prepared and committed transactions behind it.
     */
    private static final class ChangeGenerator implements FlatMapFunction<Long, Event>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final TableId table;
        private final String payload;
        private transient boolean announced;

        ChangeGenerator(TableId table, String payload) {
            this.table = table;
            this.payload = payload;
        }

        @Override
        public void flatMap(Long sequence, Collector<Event> out) throws InterruptedException {
            if (!announced) {
                out.collect(SchemaChangeEvent.createTable(table, SCHEMA));
                announced = true;
            }
            boolean failurePending = FAIL_ONCE.get() && sequence >= EVENTS * 6 / 10;
            if (failurePending && COMPLETED_CHECKPOINTS.get() > 0 && FAIL_ONCE.compareAndSet(true, false)) {
                throw new IllegalStateException("planned failure at event " + sequence + " after " + COMPLETED_CHECKPOINTS.get() + " checkpoint(s)");
            }
            Thread.sleep(failurePending ? 20 : 1); // pacing only: spreads the events over many checkpoints
            long id = sequence % KEYS;
            long version = sequence / KEYS;
            Object[] row = {id, version, payload};
            Object[] before = {id, version - 1, payload};
            if (version == 0) {
                out.collect(DataChangeEvent.insert(table, row, sequence));
            } else if (version == VERSIONS - 1 && id % 2 == 0) {
                out.collect(DataChangeEvent.delete(table, row, sequence));
            } else {
                out.collect(DataChangeEvent.update(table, Optional.of(before), row, sequence));
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

}
