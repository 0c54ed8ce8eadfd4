package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.Event;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** The Flink sink of a JDBC pipeline sink: one {@link JdbcSinkWriter} per subtask. */
final class JdbcFlinkSink implements Sink<Event> {
    private static final long serialVersionUID = 1L;

    private final JdbcSinkConfig config;
    private final String pipelineName;

    JdbcFlinkSink(JdbcSinkConfig config, String pipelineName) {
        this.config = requireNonNull(config, "config is null");
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
    }

    @Override
    public SinkWriter<Event> createWriter(WriterInitContext context) {
        TaskInfo task = context.getTaskInfo();
        String writerName = "[" + pipelineName + "] jdbc writer " + (task.getIndexOfThisSubtask() + 1) + "/"
                + task.getNumberOfParallelSubtasks();
        return new JdbcSinkWriter(config, writerName, context.metricGroup().getNumRecordsSendCounter(), new SinkMetrics(context.metricGroup()));
    }
}
