package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once per episode, when checkpoints fail because the state directory cannot be written
 * (full, read-only, gone), naming the directory and what to do, and again when it can be written
 * and a checkpoint completed. Flink itself logs a stack trace per failed checkpoint that names
 * neither. Nothing else changes: the job keeps running without completing checkpoints, so nothing
 * after the last completed one is acknowledged to the source, and it carries on by itself once
 * the directory takes writes again.
 */
final class StateDirectoryWatch {
    private static final Logger LOG = LoggerFactory.getLogger(StateDirectoryWatch.class);
    /** About what a small pipeline's checkpoint writes; a directory with less room fails them too. */
    private static final int PROBE_BYTES = 64 * 1024;

    /** The job's checkpoint counts so far. */
    interface Counts {
        long completedCheckpoints();

        long failedCheckpoints();
    }

    private final Path checkpoints;
    private final Counts counts;
    private long failedSeen;
    private long completedAtProblem;
    private volatile Optional<String> problem = Optional.empty();

    StateDirectoryWatch(Path checkpoints, Counts counts) {
        this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
        this.counts = requireNonNull(counts, "counts is null");
    }

    /** Why checkpoints cannot be written now, while that lasts. */
    Optional<String> problem() {
        return problem;
    }

    /** Called every few seconds while the job runs. */
    void check() {
        long failed = counts.failedCheckpoints();
        long completed = counts.completedCheckpoints();
        if (failed > failedSeen) {
            failedSeen = failed;
            if (problem.isEmpty()) {
                Optional<String> unwritable = probe();
                if (unwritable.isPresent()) {
                    completedAtProblem = completed;
                    problem = Optional.of("the state directory " + checkpoints + " cannot be written (" + unwritable.get() + ")");
                    LOG.error("Checkpoints fail: {}. Nothing after the last completed checkpoint is acknowledged to the source, which keeps "
                            + "the changes since then for the pipeline. Free space there or make it writable again; the pipeline carries on "
                            + "by itself.", problem.get());
                }
            }
        } else if (problem.isPresent() && completed > completedAtProblem && probe().isEmpty()) {
            problem = Optional.empty();
            LOG.info("The state directory {} takes writes again and a checkpoint completed; the pipeline carries on", checkpoints);
        }
    }

    /** Writes and removes a small file in the checkpoint directory; what went wrong, if anything. */
    private Optional<String> probe() {
        try {
            Files.createDirectories(checkpoints);
            Path file = Files.createTempFile(checkpoints, ".write-probe-", ".tmp");
            try {
                Files.write(file, new byte[PROBE_BYTES]);
            } finally {
                Files.deleteIfExists(file);
            }
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.of(e.getReason() != null ? e.getReason() : e.getClass().getSimpleName() + " " + e.getFile());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }
}
