package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartStrategyDefaultsTest {
    @TempDir
    Path state;

    @Test
    void pinsTheDefaults() {
        Configuration conf = configuration(Map.of());

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF)).isEqualTo(Duration.ofSeconds(1));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER)).isEqualTo(2.0);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)).isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR)).isEqualTo(0.1);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD)).isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(100);
    }

    @Test
    void theDefaultsWaitOutAFourteenMinuteOutageAndTryAgainAtLeastEveryElevenSeconds() {
        Configuration conf = configuration(Map.of());
        double delay = conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF).toMillis();
        double max = conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF).toMillis();
        double jitter = conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR);
        double waited = 0;
        double longestGap = 0;
        for (int attempt = 0; attempt < conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS); attempt++) {
            waited += Math.min(delay, max) * (1 - jitter); // the shortest back-off jitter allows
            longestGap = Math.max(longestGap, Math.min(delay, max) * (1 + jitter)); // the longest
            delay *= conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER);
        }
        assertThat(Duration.ofMillis((long) waited)).as("an outage ridden out without an operator").isGreaterThan(Duration.ofMinutes(14));
        assertThat(Duration.ofMillis((long) longestGap)).as("the longest wait between a server's return and the next attempt")
                .isLessThanOrEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void thePipelineFilesOwnStrategyWins() {
        Configuration conf = configuration(Map.of("restart-strategy.type", "fixed-delay", "restart-strategy.fixed-delay.attempts", "1000",
                "restart-strategy.exponential-delay.max-backoff", "5s"));

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(1000);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)).isEqualTo(Duration.ofSeconds(5));
    }

    private Configuration configuration(Map<String, String> pipelineOptions) {
        PipelineDefinition definition = new PipelineDefinition("restarts", new ConnectorDefinition("postgres", Map.of()),
                new ConnectorDefinition("blackhole", Map.of()), List.of(), pipelineOptions);
        return new PipelineRunner(definition, new RunOptions(state, OptionalInt.empty())).flinkConfiguration();
    }
}
