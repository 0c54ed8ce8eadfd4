package io.tributary.core.runtime;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.ResnapshotRequest;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The newest re-snapshot request of a pipeline, kept in its state directory ({@value #FILE_NAME})
 * so that it is applied even when the pipeline restarts before a checkpoint records it, and when
 * it was made while the pipeline was stopped. The source's checkpoint records the number of the
 * last request applied, so the file can stay.
 */
public final class ResnapshotRequests {
    static final String FILE_NAME = "resnapshot.properties";

    private ResnapshotRequests() {}

    /** The newest request written to {@code state}, if any. */
    public static Optional<ResnapshotRequest> read(Path state) {
        Path file = state.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
            Set<String> tables = Arrays.stream(properties.getProperty("tables", "").split(","))
                    .map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
            return Optional.of(new ResnapshotRequest(Long.parseLong(properties.getProperty("id", "0").trim()), tables));
        } catch (IOException | RuntimeException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "The re-snapshot request " + file.toAbsolutePath() + " cannot be read ("
                    + e.getMessage() + "). Delete it and ask again with 'tributary snapshot FILE --table T'.", e);
        }
    }

    /** Writes a request for {@code tables}, numbered after the one before, and returns it. */
    public static synchronized ResnapshotRequest write(Path state, Collection<String> tables) {
        long id = read(state).map(ResnapshotRequest::id).orElse(0L) + 1;
        ResnapshotRequest request = new ResnapshotRequest(id, Set.copyOf(tables));
        Properties properties = new Properties();
        properties.setProperty("id", Long.toString(id));
        properties.setProperty("tables", String.join(",", new TreeSet<>(tables)));
        try {
            Files.createDirectories(state);
            Path temporary = state.resolve(FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                properties.store(out, "Tables to read again (tributary snapshot); the source's checkpoint records the last id applied");
            }
            Files.move(temporary, state.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the re-snapshot request to " + state.toAbsolutePath(), e);
        }
        return request;
    }
}
