package io.tributary.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a test can see of a pipeline's state directory from outside the process. */
final class StateDirectory {
    private StateDirectory() {}

    /** The id of the newest checkpoint whose metadata is written (0 when none is). */
    static int newestCheckpoint(Path state) throws IOException {
        Path checkpoints = state.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (var files = Files.walk(checkpoints, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(p -> p.getParent().getFileName().toString())
                    .filter(name -> name.startsWith("chk-"))
                    .mapToInt(name -> Integer.parseInt(name.substring(4)))
                    .max().orElse(0);
        }
    }
}
