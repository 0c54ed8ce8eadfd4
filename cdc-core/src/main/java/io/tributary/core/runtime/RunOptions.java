package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.OptionalInt;

/** How to run a pipeline: where its checkpoints live and which HTTP port (if any) to serve. */
public record RunOptions(Path stateDirectory, OptionalInt httpPort) {
    public RunOptions {
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(httpPort, "httpPort is null");
    }
}
