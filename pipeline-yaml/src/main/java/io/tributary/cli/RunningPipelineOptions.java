package io.tributary.cli;

import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.StatusAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of commands that talk to a running pipeline: where its state is, and where it serves HTTP if not recorded there. */
final class RunningPipelineOptions {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state directory the pipeline runs with. Default: .tributary/<pipeline name> in the working directory.")
    private Path stateDirectory;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Ask this port on --http-address instead of the one the state directory records.")
    private Integer httpPort;

    @Option(names = "--http-address", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "With --http-port. Default: ${DEFAULT-VALUE}.")
    private String httpAddress;

    Path stateDirectory(PipelineDefinition definition) {
        return RunCommand.stateDirectory(stateDirectory, definition);
    }

    /** The base URI of the running pipeline's HTTP endpoints: --http-port's, or the one its state directory records while it serves. */
    Optional<URI> address(CommandSpec spec, Path state) {
        return RunCommand.httpPort(spec, httpPort).isPresent() ? Optional.of(StatusAddress.of(httpAddress, httpPort)) : StatusAddress.read(state);
    }
}
