package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs a healthy pipeline through the real command line with the logging configuration users get
 * (the {@code log4j2.properties} of the distribution, not the tests' own): a few checkpoints, a stop
 * (SIGTERM, with a savepoint), a restart, a few checkpoints, a kill (SIGKILL), a restart, a few
 * checkpoints and a stop, then asserts that none of the three runs logged a WARN or an ERROR and
 * that each logged its progress line.
 */
final class HealthyRunLog {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    private static final int CHECKPOINTS_PER_RUN = 3;

    private HealthyRunLog() {}

    static void assertNoWarningOrError(Path work, Path pipeline) throws Exception {
        Path state = work.resolve("healthy-state");
        String logConfig = TributaryProcess.distributionLogConfig(work).toString();
        String[] arguments = {"run", pipeline.toString(), "--state-dir", state.toString(), "--progress-interval", PROGRESS_INTERVAL.toString()};
        try (TributaryProcess first = TributaryProcess.startWithEnvironment(work.resolve("healthy-1.log"), Map.of(), logConfig, arguments)) {
            first.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            awaitCheckpoints(state, first);
            assertThat(first.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            assertHealthy(first, "run 1, stopped");
        }
        try (TributaryProcess second = TributaryProcess.startWithEnvironment(work.resolve("healthy-2.log"), Map.of(), logConfig, arguments)) {
            second.awaitOutput("Resuming pipeline", Duration.ofSeconds(90));
            awaitCheckpoints(state, second);
            second.kill();
            assertHealthy(second, "run 2, resumed from a savepoint and killed");
        }
        try (TributaryProcess third = TributaryProcess.startWithEnvironment(work.resolve("healthy-3.log"), Map.of(), logConfig, arguments)) {
            third.awaitOutput("Resuming pipeline", Duration.ofSeconds(90));
            awaitCheckpoints(state, third);
            assertThat(third.terminate(Duration.ofSeconds(120))).isIn(0, 143);
            assertHealthy(third, "run 3, resumed after a kill");
        }
    }

    private static void assertHealthy(TributaryProcess process, String run) {
        List<String> problems = process.output().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertThat(problems).as("WARN and ERROR lines of %s", run).isEmpty();
        assertThat(process.output()).as("the progress line of %s", run).containsPattern("Progress: .*(snapshot|streaming)");
    }

    /** Waits until the run completed a few checkpoints of its own and logged its progress. */
    private static void awaitCheckpoints(Path state, TributaryProcess process) throws Exception {
        process.awaitOutput("Progress: .*(snapshot|streaming)", Duration.ofSeconds(90));
        int target = StateDirectory.newestCheckpoint(state) + CHECKPOINTS_PER_RUN;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (StateDirectory.newestCheckpoint(state) < target) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + CHECKPOINTS_PER_RUN + " checkpoints completed:\n" + process.tail());
            }
            Thread.sleep(100);
        }
    }
}
