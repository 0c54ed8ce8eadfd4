package io.tributary.core.sink.blackhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.PipelineSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class BlackholeSinkWriterTest {
    private static final TableId TABLE = TableId.of("db", "public", "t");
    private static final Object[] ROW = {1};

    private final TestingWriterInitContext context = new TestingWriterInitContext();

    @Test
    void countsEventsByKindInFlinkCounters() throws Exception {
        try (SinkWriter<io.tributary.core.model.Event> writer = blackhole(Duration.ofSeconds(5)).createFlinkSink().createWriter(context)) {
            writer.write(SchemaChangeEvent.createTable(TABLE, new TableSchema(List.of(new Column("id", DataType.of(TypeKind.INTEGER))), List.of())), null);
            for (int i = 0; i < 3; i++) {
                writer.write(DataChangeEvent.read(TABLE, ROW, 0), null);
            }
            writer.write(DataChangeEvent.insert(TABLE, ROW, 0), null);
            writer.write(DataChangeEvent.insert(TABLE, ROW, 0), null);
            writer.write(DataChangeEvent.update(TABLE, Optional.empty(), ROW, 0), null);
            writer.write(DataChangeEvent.delete(TABLE, ROW, 0), null);
            writer.flush(true);
        }
        assertThat(context.metrics.count(BlackholeSinkWriter.RECORDS_READ)).isEqualTo(3);
        assertThat(context.metrics.count(BlackholeSinkWriter.RECORDS_INSERTED)).isEqualTo(2);
        assertThat(context.metrics.count(BlackholeSinkWriter.RECORDS_UPDATED)).isEqualTo(1);
        assertThat(context.metrics.count(BlackholeSinkWriter.RECORDS_DELETED)).isEqualTo(1);
        assertThat(context.metrics.count(BlackholeSinkWriter.SCHEMA_CHANGES)).isEqualTo(1);
    }

    @Test
    void logsOnAProcessingTimeTimerEveryInterval() throws Exception {
        try (SinkWriter<io.tributary.core.model.Event> writer = blackhole(Duration.ofSeconds(2)).createFlinkSink().createWriter(context)) {
            assertThat(context.timeService.nextTimer()).isEqualTo(2_000);
            writer.write(DataChangeEvent.insert(TABLE, ROW, 0), null);
            context.timeService.advanceTo(2_000);
            assertThat(context.timeService.nextTimer()).as("re-registered for the next line").isEqualTo(4_000);
            context.timeService.advanceTo(4_000);
            assertThat(context.timeService.nextTimer()).isEqualTo(6_000);
        }
        assertThat(context.timeService.nextTimer()).as("cancelled on close").isEqualTo(-1);
    }

    @Test
    void isFoundByItsTypeAndValidatesWithoutATarget() {
        PipelineSink sink = ConnectorFactories.sink("blackhole").createSink(new Configuration(), new PipelineContext("p", 1));
        assertThat(sink.validate().findings()).singleElement().asString().startsWith("discards everything");
    }

    @Test
    void pinsTheDefaultLogIntervalAndRejectsANonPositiveOne() {
        assertThat(BlackholeSinkOptions.LOG_INTERVAL.defaultValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(BlackholeSinkOptions.LOG_INTERVAL.key()).isEqualTo("log.interval");
        Configuration options = new Configuration();
        options.setString("log.interval", "0 s");
        assertThatThrownBy(() -> new BlackholeSinkFactory().createSink(options, new PipelineContext("p", 1)))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    private static PipelineSink blackhole(Duration interval) {
        return new BlackholeSink("p", interval);
    }
}
