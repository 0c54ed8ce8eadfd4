package io.tributary.core.sink.blackhole;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.spi.PipelineSink;
import io.tributary.core.spi.ValidationReport;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A sink that counts events by kind, logs the counts and rates, and discards the events. */
public final class BlackholeSink implements PipelineSink {
    private static final long serialVersionUID = 1L;

    private final String pipelineName;
    private final Duration logInterval;

    public BlackholeSink(String pipelineName, Duration logInterval) {
        this.pipelineName = requireNonNull(pipelineName, "pipelineName is null");
        this.logInterval = requireNonNull(logInterval, "logInterval is null");
        if (logInterval.isNegative() || logInterval.isZero()) {
            throw new IllegalArgumentException("logInterval must be positive, was " + logInterval);
        }
    }

    @Override
    public ValidationReport validate() {
        return new ValidationReport(BlackholeSinkFactory.IDENTIFIER,
                List.of("discards everything; logs event counts every " + logInterval.toMillis() / 1000.0 + " s"));
    }

    @Override
    public Sink<Event> createFlinkSink() {
        return new FlinkSink(pipelineName, logInterval);
    }

    /** The Flink side: one {@link BlackholeSinkWriter} per subtask. */
    private record FlinkSink(String pipelineName, Duration logInterval) implements Sink<Event> {
        @Override
        public SinkWriter<Event> createWriter(WriterInitContext context) {
            return new BlackholeSinkWriter(context, pipelineName, logInterval);
        }
    }
}
