package io.tributary.core.source;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
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
 * The newest re-snapshot request of a pipeline, kept in its state directory ({@value #FILE_NAME}),
 * where the running source looks for it every second; one made while the pipeline is stopped is
 * taken when it next runs. The source's checkpoint records the number of the last request taken,
 * so the file can stay.
 */
public final class ResnapshotRequests {
    public static final String FILE_NAME = "resnapshot.properties";
    /** What a request does, for the person who made it. */
    public static final String WHAT_HAPPENS = "The stream's reader reads these tables again in chunks between its reads of the log (within a"
            + " second or two of now if the pipeline runs, else when it next starts), as 'r' events; changes of every table keep flowing, none"
            + " lost and none twice. No other table is read again.";

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
            Optional<String> condition = Optional.ofNullable(properties.getProperty("where")).map(String::trim).filter(where -> !where.isEmpty());
            return Optional.of(new ResnapshotRequest(Long.parseLong(properties.getProperty("id", "0").trim()), tables, condition));
        } catch (IOException | RuntimeException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "The re-snapshot request " + file.toAbsolutePath() + " cannot be read ("
                    + e.getMessage() + "). Delete it and ask again with 'tributary snapshot FILE --table T'.", e);
        }
    }

    /** Writes a request for every row of {@code tables}, numbered after the one before, and returns it. */
    public static ResnapshotRequest write(Path state, Collection<String> tables) {
        return write(state, tables, Optional.empty());
    }

    /** Writes a request for the rows of {@code tables} that meet {@code condition}, numbered after the one before, and returns it. */
    public static synchronized ResnapshotRequest write(Path state, Collection<String> tables, Optional<String> condition) {
        long id = read(state).map(ResnapshotRequest::id).orElse(0L) + 1;
        ResnapshotRequest request = new ResnapshotRequest(id, Set.copyOf(tables), condition);
        Properties properties = new Properties();
        properties.setProperty("id", Long.toString(id));
        properties.setProperty("tables", String.join(",", new TreeSet<>(tables)));
        condition.ifPresent(where -> properties.setProperty("where", where));
        try {
            Files.createDirectories(state);
            Path temporary = state.resolve(FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary)) {
                properties.store(out, "Tables to read again (tributary snapshot); the source's checkpoint records the last id taken");
            }
            Files.move(temporary, state.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the re-snapshot request to " + state.toAbsolutePath(), e);
        }
        return request;
    }
}
