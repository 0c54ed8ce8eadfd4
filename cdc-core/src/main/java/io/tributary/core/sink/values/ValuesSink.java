package io.tributary.core.sink.values;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.ValidationReport;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A sink that prints every event to the standard output of the process its writers run in. */
public final class ValuesSink implements PipelineSink {
    private static final long serialVersionUID = 1L;

    private final String pipelineName;
    private final boolean print;
    private final boolean failOnSchemaChange;

    public ValuesSink(String pipelineName, boolean print, boolean failOnSchemaChange) {
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        this.print = print;
        this.failOnSchemaChange = failOnSchemaChange;
    }

    @Override
    public ValidationReport validate() {
        return new ValidationReport(ValuesSinkFactory.IDENTIFIER, List.of(print
                ? "prints every change event to standard output (on a Flink cluster: each task manager's)"
                : "discards every change event (print.enabled is false)"));
    }

    @Override
    public Sink<Event> createFlinkSink() {
        return new FlinkSink(pipelineName, print, failOnSchemaChange);
    }

    /** The Flink side: one {@link ValuesSinkWriter} per subtask, printing to {@link System#out}. */
    private record FlinkSink(String pipelineName, boolean print, boolean failOnSchemaChange) implements Sink<Event> {
        @Override
        public SinkWriter<Event> createWriter(WriterInitContext context) {
            return new ValuesSinkWriter(context, pipelineName, print ? System.out : null, failOnSchemaChange);
        }
    }
}
