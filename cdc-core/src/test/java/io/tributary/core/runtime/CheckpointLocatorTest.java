package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {
    @TempDir
    Path state;

    @Test
    void newestCompleteCheckpointOrSavepointWinsAndIncompleteOnesAreSkipped() throws Exception {
        Path old = metadata("checkpoints/job-a/chk-4", 1_000);
        Path savepoint = metadata("savepoints/savepoint-1", 2_000);
        Path newest = metadata("checkpoints/job-b/chk-9", 3_000);
        Files.createDirectories(state.resolve("checkpoints/job-b/chk-10"));

        assertThat(CheckpointLocator.newest(state)).contains(newest);
        assertThat(old).exists();
        assertThat(savepoint).exists();
    }

    @Test
    void pruningKeepsOnlyTheRunToResumeFrom() throws Exception {
        metadata("checkpoints/job-a/chk-4", 1_000);
        metadata("savepoints/savepoint-1", 2_000);
        Path newest = metadata("checkpoints/job-b/chk-9", 3_000);

        CheckpointLocator.pruneAllBut(state, newest);

        assertThat(state.resolve("checkpoints/job-a")).doesNotExist();
        assertThat(state.resolve("savepoints/savepoint-1")).doesNotExist();
        assertThat(newest.resolve("_metadata")).exists();
        assertThat(CheckpointLocator.newest(state)).contains(newest);
    }

    private Path metadata(String directory, long modifiedMillis) throws Exception {
        Path dir = Files.createDirectories(state.resolve(directory));
        Path file = Files.writeString(dir.resolve("_metadata"), "x");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return dir;
    }
}
