package io.tributary.core.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a running pipeline serves {@code /status}, kept in its state directory
 * ({@code status.address}) while it runs, so that {@code tributary status FILE} finds it.
 */
public final class StatusAddress {
    static final String FILE_NAME = "status.address";

    private StatusAddress() {}

    /** The base URI of the pipeline's HTTP endpoints, while a run with {@code --http-port} has it. */
    public static Optional<URI> read(Path state) {
        try {
            String text = Files.readString(state.resolve(FILE_NAME), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(URI.create(text));
        } catch (IOException | IllegalArgumentException absent) {
            return Optional.empty();
        }
    }

    /** The base URI for a server bound to {@code bindAddress}: a wildcard address is reached on loopback. */
    public static URI of(String bindAddress, int port) {
        String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/");
    }

    static void write(Path state, URI address) {
        try {
            Files.createDirectories(state);
            Files.writeString(state.resolve(FILE_NAME), address + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only 'tributary status FILE' needs it; the endpoints themselves work without it.
            org.slf4j.LoggerFactory.getLogger(StatusAddress.class).warn("Could not record the status address in {}: {}", state, e.getMessage());
        }
    }

    static void delete(Path state) {
        try {
            Files.deleteIfExists(state.resolve(FILE_NAME));
        } catch (IOException e) {
            // A stale address only makes 'tributary status' report that nothing answers there.
        }
    }
}
