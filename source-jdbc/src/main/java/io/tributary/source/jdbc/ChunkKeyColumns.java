package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The {@code scan.incremental.snapshot.chunk.key-column} option (Flink CDC's name): which column
 * chunks a table that has no primary key. Either one column name for every such table, or
 * {@code table-pattern:column} entries separated by {@code ;}, the first matching pattern winning.
 * Tables with a primary key are always chunked by it.
 */
public final class ChunkKeyColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> OPTION = ConfigOptions.key("scan.incremental.snapshot.chunk.key-column").stringType().noDefaultValue()
            .withDescription("For tables without a primary key: the column to cut their snapshot into chunks by, so that it is read in "
                    + "parallel and resumes after a crash where it stopped (without it such a table is one chunk, read again whole). "
                    + "The column must be NOT NULL and have a unique index of its own. Either a column name for every table without a "
                    + "primary key, or table-pattern:column entries separated by ';' (patterns are regular expressions over the table "
                    + "as written in 'tables'), e.g. app\\.events:event_id;app\\.audit_\\.*:seq.");

    private final List<Entry> entries;

    /** One entry; {@code table} is null for a bare column name, which applies to every table (a field, not an Optional: this is serialized into the job). */
    private record Entry(Pattern table, String column) implements Serializable {
        boolean matches(String tableName) {
            return table == null || table.matcher(tableName).matches();
        }

        boolean namesTable(String tableName) {
            return table != null && table.matcher(tableName).matches();
        }
    }

    private ChunkKeyColumns(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No chunk key column: tables without a primary key are read as one chunk. */
    public static ChunkKeyColumns none() {
        return new ChunkKeyColumns(List.of());
    }

    /** Parses the option's value, failing with {@code CONFIG_INVALID} and what to write instead. */
    public static ChunkKeyColumns parse(String value) {
        requireNonNull(value, "value is null");
        List<Entry> entries = new ArrayList<>();
        for (String part : value.split(";")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String column = (colon < 0 ? entry : entry.substring(colon + 1)).strip();
            if (column.isEmpty()) {
                throw invalid(value, "'" + entry + "' names no column after ':'");
            }
            if (colon < 0) {
                entries.add(new Entry(null, column));
                continue;
            }
            String pattern = entry.substring(0, colon).strip();
            if (pattern.isEmpty()) {
                throw invalid(value, "'" + entry + "' names no table before ':'");
            }
            try {
                entries.add(new Entry(Pattern.compile(pattern), column));
            } catch (PatternSyntaxException e) {
                throw invalid(value, "'" + pattern + "' is not a regular expression (" + e.getDescription() + ")");
            }
        }
        if (entries.isEmpty()) {
            throw invalid(value, "it names no column");
        }
        return new ChunkKeyColumns(entries);
    }

    /** The option's value for a source block, or none when the block does not set it. */
    public static ChunkKeyColumns from(org.apache.flink.configuration.Configuration config) {
        return config.getOptional(OPTION).filter(v -> !v.isBlank()).map(ChunkKeyColumns::parse).orElse(none());
    }

    /** The column named for {@code table} (by the first entry whose pattern matches its identifier, or a bare column name). */
    public Optional<String> columnFor(TableId table) {
        String name = table.identifier();
        for (Entry entry : entries) {
            if (entry.matches(name)) {
                return Optional.of(entry.column());
            }
        }
        return Optional.empty();
    }

    /** Whether an entry names {@code table} by pattern (a bare column name applies only to tables without a key). */
    public boolean namesExplicitly(TableId table) {
        String name = table.identifier();
        return entries.stream().anyMatch(e -> e.namesTable(name));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static TributaryException invalid(String value, String problem) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + OPTION.key() + "' = '" + value + "' is invalid: " + problem
                + ". Write a column name, or table-pattern:column entries separated by ';'.");
    }
}
