package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryWatchTest {
    @TempDir
    Path state;

    private long completed;
    private long failed;

    private final StateDirectoryWatch.Counts counts = new StateDirectoryWatch.Counts() {
        @Override
        public long completedCheckpoints() {
            return completed;
        }

        @Override
        public long failedCheckpoints() {
            return failed;
        }
    };

    @Test
    void namesTheDirectoryWhileCheckpointsCannotBeWrittenThereAndClearsOnceOneCompletes() throws Exception {
        Path checkpoints = state.resolve("checkpoints");
        StateDirectoryWatch watch = new StateDirectoryWatch(checkpoints, counts);
        completed = 3;
        watch.check();
        assertThat(watch.problem()).isEmpty();

        Files.writeString(checkpoints, "a file where the directory should be");
        failed = 1;
        watch.check();
        assertThat(watch.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith("the state directory " + checkpoints + " cannot be written ("));

        Files.delete(checkpoints);
        watch.check();
        assertThat(watch.problem()).as("still no completed checkpoint since").isPresent();
        completed = 4;
        watch.check();
        assertThat(watch.problem()).isEmpty();
        assertThat(Files.list(checkpoints)).as("the probe leaves nothing behind").isEmpty();
    }

    @Test
    void aFailedCheckpointWithTheDirectoryWritableIsNotAboutTheDirectory() {
        StateDirectoryWatch watch = new StateDirectoryWatch(state.resolve("checkpoints"), counts);
        failed = 2;
        watch.check();
        assertThat(watch.problem()).isEmpty();
    }
}
