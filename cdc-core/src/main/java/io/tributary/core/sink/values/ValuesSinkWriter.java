package io.tributary.core.sink.values;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import java.io.PrintStream;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints the events of one subtask, one line each, prefixed with {@code <subtask>> } when the sink
 * runs in parallel (as Flink CDC's values sink and Flink's print sink do).
 */
final class ValuesSinkWriter implements SinkWriter<Event> {
    private final String writerName;
    private final String prefix;
    private final PrintStream out;
    private final boolean failOnSchemaChange;
    private final SinkMetrics metrics;

    /** @param out where lines go; null discards the events */
    ValuesSinkWriter(WriterInitContext context, String pipelineName, PrintStream out, boolean failOnSchemaChange) {
        requireNonNull(context, "context is null");
        TaskInfo task = context.getTaskInfo();
        this.writerName = "[" + requireNonNull(pipelineName, "pipelineName is null") + "] values " + (task.getIndexOfThisSubtask() + 1) + "/"
                + task.getNumberOfParallelSubtasks();
        this.prefix = task.getNumberOfParallelSubtasks() > 1 ? task.getIndexOfThisSubtask() + "> " : "";
        this.out = out;
        this.failOnSchemaChange = failOnSchemaChange;
        this.metrics = new SinkMetrics(context.metricGroup());
    }

    @Override
    public void write(Event event, Context context) {
        String line;
        if (event instanceof SchemaChangeEvent schemaChange) {
            if (failOnSchemaChange && !(schemaChange.change() instanceof SchemaChange.CreateTable)) {
                throw new TributaryException(ErrorCode.SINK_SCHEMA_CHANGE_FAILED, writerName + " refuses the schema change "
                        + schemaChange.change() + " of " + schemaChange.tableId() + " because error.on.schema.change is true. Set it to "
                        + "false to print schema changes.");
            }
            line = EventText.of(schemaChange);
        } else {
            DataChangeEvent change = (DataChangeEvent) event;
            metrics.accepted(change);
            line = EventText.of(change);
        }
        if (out != null) {
            out.println(prefix + line);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        if (out != null) {
            out.flush();
        }
        metrics.committed();
    }

    @Override
    public void close() {}
}
