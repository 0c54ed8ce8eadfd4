package io.tributary.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline submitted through a Flink cluster's REST endpoint runs there and ends equal to the source. */
class RemoteSubmissionTest {
    @TempDir
    Path stateDir;

    @Test
    void submitsThroughTheRestEndpointAndReturnsTheJobId() throws Exception {
        InMemoryDatabase database = InMemoryDatabase.create("remote");
        for (long id = 0; id < 1_500; id++) {
            database.upsert(id, id * 2);
        }
        Configuration clusterConfig = new Configuration();
        clusterConfig.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        clusterConfig.set(RestOptions.ADDRESS, "127.0.0.1");
        clusterConfig.set(RestOptions.PORT, 0);
        MiniClusterConfiguration configuration = new MiniClusterConfiguration.Builder().setConfiguration(clusterConfig)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build();
        try (MiniCluster cluster = new MiniCluster(configuration)) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            PipelineRunner runner = new PipelineRunner(new PipelineDefinition("remote-pipeline",
                    new ConnectorDefinition("in-memory", Map.of("database", "remote", "chunk.size", "200", "scan.startup.mode", "snapshot")),
                    new ConnectorDefinition("collect", Map.of("name", "remote")), List.of(), Map.of("parallelism", "2")),
                    new RunOptions(stateDir, OptionalInt.empty()));

            String jobId = runner.submit(rest.getHost() + ":" + rest.getPort());

            JobID id = JobID.fromHexString(jobId);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (cluster.getJobStatus(id).get() != JobStatus.FINISHED && Instant.now().isBefore(deadline)) {
                assertThat(cluster.getJobStatus(id).get()).isNotEqualTo(JobStatus.FAILED);
                Thread.sleep(100);
            }
            assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.FINISHED);
            assertThat(CollectingSinkFactory.COLLECTIONS.get("remote").rows()).isEqualTo(database.current());
        }
    }

    @Test
    void aMalformedJobManagerAddressIsAConfigError() {
        PipelineRunner runner = new PipelineRunner(new PipelineDefinition("x",
                new ConnectorDefinition("in-memory", Map.of("database", "none")), new ConnectorDefinition("collect", Map.of("name", "none")),
                List.of(), Map.of()), new RunOptions(stateDir, OptionalInt.empty()));
        assertThatThrownBy(() -> runner.submit("no-port")).isInstanceOf(TributaryException.class)
                .satisfies(e -> assertThat(((TributaryException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("HOST:PORT");
    }
}
