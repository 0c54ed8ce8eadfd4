package io.tributary.core.source.reader;

import static java.util.Objects.requireNonNull;

import io.tributary.core.spi.SinkRecovery;
import org.apache.flink.configuration.Configuration;

/**
 * How a {@link CdcSourceReader} runs.
 *
 * @param flinkConfig the configuration of Flink's reader base (fetcher queue sizes and the like)
 * @param batchRows how many snapshot rows one fetch hands on at most
 * @param sinkRecovery how the pipeline's sink recovers, which decides what a chunk's marker is
 * @param snapshots whether the startup mode reads a snapshot (otherwise no table's chunks are ever read beside the stream)
 */
public record ReaderSettings(Configuration flinkConfig, int batchRows, SinkRecovery sinkRecovery, boolean snapshots) {
    public ReaderSettings {
        requireNonNull(flinkConfig, "flinkConfig is null");
        requireNonNull(sinkRecovery, "sinkRecovery is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
    }
}
