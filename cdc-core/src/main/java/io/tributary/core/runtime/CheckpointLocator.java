package io.tributary.core.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint or savepoint under a pipeline's state directory: a
 * directory holding a {@code _metadata} file (Flink writes it last, so a crash mid-checkpoint
 * leaves no metadata and the directory is skipped).
 */
public final class CheckpointLocator {
    private CheckpointLocator() {}

    public static Path checkpointsDirectory(Path stateDirectory) {
        return stateDirectory.resolve("checkpoints");
    }

    public static Path savepointsDirectory(Path stateDirectory) {
        return stateDirectory.resolve("savepoints");
    }

    public static Optional<Path> newest(Path stateDirectory) {
        Optional<Path> checkpoint = newestUnder(checkpointsDirectory(stateDirectory));
        Optional<Path> savepoint = newestUnder(savepointsDirectory(stateDirectory));
        if (checkpoint.isEmpty() || savepoint.isEmpty()) {
            return checkpoint.isPresent() ? checkpoint : savepoint;
        }
        return modified(checkpoint.get()).compareTo(modified(savepoint.get())) >= 0 ? checkpoint : savepoint;
    }

    /**
     * Deletes every retained checkpoint and savepoint of earlier runs but the one a new run
     * resumes from, so that the state directory does not grow with every restart.
     */
    public static void pruneAllBut(Path stateDirectory, Path keep) {
        Path kept = keep.toAbsolutePath().normalize();
        for (Path root : new Path[] {checkpointsDirectory(stateDirectory), savepointsDirectory(stateDirectory)}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(root)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    if (!kept.startsWith(child.toAbsolutePath().normalize())) {
                        deleteRecursively(child);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prune old checkpoints under " + root, e);
            }
        }
    }

    /** Deletes every checkpoint and savepoint: none can resume any more. */
    public static void deleteAll(Path stateDirectory) {
        for (Path root : new Path[] {checkpointsDirectory(stateDirectory), savepointsDirectory(stateDirectory)}) {
            try {
                if (Files.isDirectory(root)) {
                    deleteRecursively(root);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the checkpoints under " + root, e);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Optional<Path> newestUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparing(CheckpointLocator::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list checkpoints under " + root, e);
        }
    }

    private static FileTime modified(Path path) {
        try {
            Path metadata = Files.isDirectory(path) ? path.resolve("_metadata") : path;
            return Files.getLastModifiedTime(metadata);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
