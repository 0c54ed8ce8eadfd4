package io.tributary.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What a test can see of a pipeline's state directory from outside the process. */
final class StateDirectory {
    private StateDirectory() {}

    /**
     * The id of the newest checkpoint whose metadata is written (0 when none is). The running process
     * deletes subsumed checkpoints while this looks, so a directory that vanishes mid-walk means
     * "look again", not a failure.
     */
    static int newestCheckpoint(Path state) throws IOException {
        Path checkpoints = state.resolve("checkpoints");
        while (true) {
            if (!Files.isDirectory(checkpoints)) {
                return 0;
            }
            try (var files = Files.walk(checkpoints, 3)) {
                return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .map(p -> p.getParent().getFileName().toString())
                        .filter(name -> name.startsWith("chk-"))
                        .mapToInt(name -> Integer.parseInt(name.substring(4)))
                        .max().orElse(0);
            } catch (NoSuchFileException vanished) {
                // deleted between listing and walking; walk again
            } catch (UncheckedIOException walking) {
                if (!(walking.getCause() instanceof NoSuchFileException)) {
                    throw walking;
                }
            }
        }
    }
}
