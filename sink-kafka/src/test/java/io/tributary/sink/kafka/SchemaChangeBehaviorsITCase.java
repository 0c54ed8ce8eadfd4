package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.schema.SchemaBehaviorScenario;
import io.tributary.core.schema.SchemaChangeBehavior;
import io.tributary.core.spi.PipelineContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each {@code schema.change.behavior} and the include/exclude lists through the Kafka sink's writer:
 * the schema changes it publishes ({@code include.schema.changes: true}) and the row images of the
 * {@link SchemaBehaviorScenario}. The writer creates its topics on a real broker; what it sends is
 * recorded instead of produced, since delivery is not what these behaviours change.
 */
class SchemaChangeBehaviorsITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TableId SINK_TABLE = TableId.ofSchemaTable("ods", "people");
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
    void lenientPublishesOnlyChangesThatLoseNothing() throws Exception {
        Sent sent = run(SchemaChangeBehavior.LENIENT, Map.of());
        assertThat(sent.changes()).containsExactly("CREATE_TABLE", "ADD_COLUMN channel", "ADD_COLUMN origin", "ALTER_COLUMN_TYPE origin");
        assertThat(sent.lastRow()).isEqualTo("{\"id\":7,\"name\":null,\"channel\":\"web\",\"origin\":\"42\"}");
    }

    @Test
    void evolveAndTryEvolvePublishEveryChangeAsMade() throws Exception {
        for (SchemaChangeBehavior behavior : List.of(SchemaChangeBehavior.EVOLVE, SchemaChangeBehavior.TRY_EVOLVE)) {
            Sent sent = run(behavior, Map.of());
            assertThat(sent.changes()).as(behavior.name()).containsExactly("CREATE_TABLE", "ADD_COLUMN channel", "DROP_COLUMN name",
                    "RENAME_COLUMN channel", "TRUNCATE_TABLE", "ALTER_COLUMN_TYPE origin");
            assertThat(sent.lastRow()).isEqualTo("{\"id\":7,\"origin\":42}");
        }
    }

    @Test
    void ignorePublishesTheTableOnceAndRowsInItsFirstSchema() throws Exception {
        Sent sent = run(SchemaChangeBehavior.IGNORE, Map.of());
        assertThat(sent.changes()).containsExactly("CREATE_TABLE");
        assertThat(sent.lastRow()).isEqualTo("{\"id\":7,\"name\":null}");
    }

    @Test
    void exceptionFailsAtTheFirstChange() {
        assertThatThrownBy(() -> run(SchemaChangeBehavior.EXCEPTION, Map.of()))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_CHANGE_REFUSED))
                .hasMessageContaining("ADD COLUMN channel");
    }

    @Test
    void includedKindsAloneArePublished() throws Exception {
        Sent sent = run(SchemaChangeBehavior.EVOLVE, Map.of("include.schema.changes", "create.table;add.column;rename"));
        assertThat(sent.changes()).containsExactly("CREATE_TABLE", "ADD_COLUMN channel", "RENAME_COLUMN channel");
        assertThat(sent.lastRow()).as("the dropped column stays, the type change is not made").isEqualTo("{\"id\":7,\"name\":null,\"origin\":\"42\"}");
    }

    /** What the writer sent: schema changes (type and column) and the last row image. */
    private record Sent(List<String> changes, String lastRow) {}

    private static Sent run(SchemaChangeBehavior behavior, Map<String, String> schemaChangeLists) throws Exception {
        KafkaSinkConfig config = ((KafkaSink) new KafkaSinkFactory().createSink(Configuration.fromMap(Map.of(
                "properties.bootstrap.servers", broker.bootstrapServers(), "include.schema.changes", "true",
                "sink.schema-changes.topic", "people.schema-changes")), new PipelineContext("pipe", 1, behavior))).config();
        RecordingWriter records = new RecordingWriter();
        KafkaSinkWriter writer = new KafkaSinkWriter(config, "pipe", "[pipe] kafka writer 1/1", true, records, Optional.empty());
        SchemaBehaviorScenario.run(behavior, schemaChangeLists, SINK_TABLE, event -> {
            try {
                writer.write(event, null);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> changes = new ArrayList<>();
        String lastRow = null;
        for (ProducerRecord<byte[], byte[]> record : records.sent) {
            JsonNode value = MAPPER.readTree(record.value());
            if (record.topic().equals("people.schema-changes")) {
                JsonNode change = value.get("change");
                JsonNode column = change.has("column") ? change.get("column") : change.get("from");
                changes.add(change.get("type").asText() + (column == null ? "" : " " + (column.isObject() ? column.get("name").asText() : column.asText())));
            } else {
                assertThat(record.topic()).isEqualTo("ods.people");
                lastRow = value.get("after").toString();
            }
        }
        return new Sent(changes, lastRow);
    }

    /** Keeps what the sink writer hands to Kafka's writer. */
    private static final class RecordingWriter
            implements PrecommittingStatefulSinkWriter<ProducerRecord<byte[], byte[]>, KafkaWriterState, KafkaCommittable> {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        @Override
        public void write(ProducerRecord<byte[], byte[]> element, Context context) {
            sent.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public Collection<KafkaCommittable> prepareCommit() {
            return List.of();
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
