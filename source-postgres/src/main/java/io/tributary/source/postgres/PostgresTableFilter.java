package io.tributary.source.postgres;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code tables} and {@code tables.exclude} options: comma-separated {@code database.schema.table}
 * patterns as in Flink CDC. An unescaped dot separates the parts and {@code \.} stands for the
 * regular-expression dot, so {@code appdb.public.\.*} means every table of schema {@code public}.
 * The database part is a plain name (the source connects to it); schema and table parts are
 * regular expressions that must match the whole name.
 */
public final class PostgresTableFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern REGEX_META = Pattern.compile("[\\\\*+?\\[\\](){}|^$]");

    private final String database;
    private final String includeText;
    private final List<Part> includes;
    private final List<Part> excludes;

    private record Part(Pattern schema, Pattern table) implements Serializable {
        boolean matches(String schemaName, String tableName) {
            return schema.matcher(schemaName).matches() && table.matcher(tableName).matches();
        }
    }

    private PostgresTableFilter(String database, String includeText, List<Part> includes, List<Part> excludes) {
        this.database = database;
        this.includeText = includeText;
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
    }

    /** Parses the options; every pattern must name the same database. */
    public static PostgresTableFilter parse(String tables, Optional<String> tablesExclude) {
        requireNonNull(tables, "tables is null");
        requireNonNull(tablesExclude, "tablesExclude is null");
        List<String[]> included = splitAll(tables, "tables");
        if (included.isEmpty()) {
            throw invalid("tables", tables, "it names no table");
        }
        String database = included.get(0)[0];
        List<Part> includes = new ArrayList<>();
        for (String[] parts : included) {
            if (!parts[0].equals(database)) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option 'tables' names tables of several databases ('" + database
                        + "' and '" + parts[0] + "'); a postgres source reads one database. Use one source per database.");
            }
            includes.add(toPart(parts, "tables", tables));
        }
        List<Part> excludes = new ArrayList<>();
        if (tablesExclude.isPresent() && !tablesExclude.get().isBlank()) {
            for (String[] parts : splitAll(tablesExclude.get(), "tables.exclude")) {
                if (parts[0].equals(database)) {
                    excludes.add(toPart(parts, "tables.exclude", tablesExclude.get()));
                }
            }
        }
        return new PostgresTableFilter(database, tables, includes, excludes);
    }

    /** The database all patterns name; the source connects to it. */
    public String database() {
        return database;
    }

    /** The {@code tables} option as written, for messages. */
    public String includeText() {
        return includeText;
    }

    public boolean matches(String schema, String table) {
        return includes.stream().anyMatch(p -> p.matches(schema, table)) && excludes.stream().noneMatch(p -> p.matches(schema, table));
    }

    /** Whether some table of {@code schema} could match 'tables' (its exclusions aside): a table created there later may be captured. */
    public boolean mayMatchSchema(String schema) {
        return includes.stream().anyMatch(p -> p.schema().matcher(schema).matches());
    }

    private static List<String[]> splitAll(String text, String option) {
        List<String[]> result = new ArrayList<>();
        for (String pattern : splitOnCommas(text)) {
            String trimmed = pattern.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            List<String> parts = splitOnUnescapedDots(trimmed);
            if (parts.size() != 3 || parts.stream().anyMatch(String::isEmpty)) {
                throw invalid(option, text, "'" + trimmed + "' is not database.schema.table (write a regular-expression dot as \\.)");
            }
            String databasePart = parts.get(0);
            if (REGEX_META.matcher(databasePart).find()) {
                throw invalid(option, text, "the database part '" + databasePart + "' must be a plain database name, not a pattern");
            }
            result.add(parts.toArray(String[]::new));
        }
        return result;
    }

    /** Commas separate patterns, except inside a {@code {m,n}} quantifier. */
    private static List<String> splitOnCommas(String text) {
        List<String> result = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                result.add(text.substring(start, i));
                start = i + 1;
            }
        }
        result.add(text.substring(start));
        return result;
    }

    private static List<String> splitOnUnescapedDots(String pattern) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '.') {
                current.append('.');
                i++;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static Part toPart(String[] parts, String option, String text) {
        try {
            return new Part(Pattern.compile(parts[1]), Pattern.compile(parts[2]));
        } catch (PatternSyntaxException e) {
            throw invalid(option, text, "it is not a valid regular expression: " + e.getDescription());
        }
    }

    private static TributaryException invalid(String option, String text, String problem) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option + "' = '" + text + "' is invalid: " + problem
                + ". Example: tables: appdb.public.orders, appdb.sales.\\.*");
    }
}
