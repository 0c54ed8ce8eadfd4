package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * How to run a pipeline: where its checkpoints live, which HTTP port (if any) on which
 * address serves metrics, health and status, and the jars the job needs beyond Tributary's own
 * (those of user-defined functions, given with {@code --jar}).
 */
public record RunOptions(Path stateDirectory, OptionalInt httpPort, String httpAddress, List<Path> jars) {
    /** The address the HTTP endpoints bind to unless told otherwise: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    public RunOptions {
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(httpPort, "httpPort is null");
        requireNonNull(httpAddress, "httpAddress is null");
        jars = List.copyOf(requireNonNull(jars, "jars is null"));
    }

    /** Options without extra jars. */
    public RunOptions(Path stateDirectory, OptionalInt httpPort, String httpAddress) {
        this(stateDirectory, httpPort, httpAddress, List.of());
    }

    /** Options with the HTTP endpoints, if any, on loopback. */
    public RunOptions(Path stateDirectory, OptionalInt httpPort) {
        this(stateDirectory, httpPort, LOOPBACK);
    }
}
