package io.tributary.source.jdbc;

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
 * The {@code tables} and {@code tables.exclude} options of a source whose tables have three-part
 * names: comma-separated {@code database.schema.table} patterns as in Flink CDC (PostgreSQL's
 * database, Oracle's pluggable database). An unescaped dot separates the parts and {@code \.}
 * stands for the regular-expression dot, so {@code appdb.public.\.*} means every table of schema
 * {@code public}. The database part is a plain name (the source connects to it); schema and table
 * parts are regular expressions that must match the whole name.
 */
public final class ThreePartTableFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern REGEX_META = Pattern.compile("[\\\\*+?\\[\\](){}|^$]");

    /**
     * How messages name the source and its first name part, with an example of the option.
     *
     * @param source the source's type, e.g. {@code postgres}
     * @param database what the first part names, e.g. {@code database} or {@code pluggable database}
     * @param example a valid {@code tables} value, e.g. {@code appdb.public.orders, appdb.sales.\.*}
     */
    public record Wording(String source, String database, String example) implements Serializable {
        public Wording {
            requireNonNull(source, "source is null");
            requireNonNull(database, "database is null");
            requireNonNull(example, "example is null");
        }
    }

    private final String database;
    private final String includeText;
    private final List<Part> includes;
    private final List<Part> excludes;

    private record Part(Pattern schema, Pattern table) implements Serializable {
        boolean matches(String schemaName, String tableName) {
            return schema.matcher(schemaName).matches() && table.matcher(tableName).matches();
        }
    }

    private ThreePartTableFilter(String database, String includeText, List<Part> includes, List<Part> excludes) {
        this.database = database;
        this.includeText = includeText;
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
    }

    /** Parses the options; every pattern must name the same database. */
    public static ThreePartTableFilter parse(String tables, Optional<String> tablesExclude, Wording wording) {
        requireNonNull(tables, "tables is null");
        requireNonNull(tablesExclude, "tablesExclude is null");
        requireNonNull(wording, "wording is null");
        List<String[]> included = splitAll(tables, "tables", wording);
        if (included.isEmpty()) {
            throw invalid("tables", tables, "it names no table", wording);
        }
        String database = included.get(0)[0];
        List<Part> includes = new ArrayList<>();
        for (String[] parts : included) {
            if (!parts[0].equals(database)) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option 'tables' names tables of several " + wording.database()
                        + "s ('" + database + "' and '" + parts[0] + "'); each " + wording.source() + " source reads one " + wording.database()
                        + ". Use one source per " + wording.database() + ".");
            }
            includes.add(toPart(parts, "tables", tables, wording));
        }
        List<Part> excludes = new ArrayList<>();
        if (tablesExclude.isPresent() && !tablesExclude.get().isBlank()) {
            for (String[] parts : splitAll(tablesExclude.get(), "tables.exclude", wording)) {
                if (parts[0].equals(database)) {
                    excludes.add(toPart(parts, "tables.exclude", tablesExclude.get(), wording));
                }
            }
        }
        return new ThreePartTableFilter(database, tables, includes, excludes);
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

    /**
     * Each pattern of 'tables' (or, with {@code excluded}, of 'tables.exclude') as one regular
     * expression over {@code schema.table}, for a log reader that filters by such expressions.
     */
    public List<String> schemaTableRegexes(boolean excluded) {
        return (excluded ? excludes : includes).stream().map(p -> "(?:" + p.schema().pattern() + ")\\.(?:" + p.table().pattern() + ")").toList();
    }

    /** Whether some table of {@code schema} could match 'tables' (its exclusions aside): a table created there later may be captured. */
    public boolean mayMatchSchema(String schema) {
        return includes.stream().anyMatch(p -> p.schema().matcher(schema).matches());
    }

    private static List<String[]> splitAll(String text, String option, Wording wording) {
        List<String[]> result = new ArrayList<>();
        for (String pattern : splitOnCommas(text)) {
            String trimmed = pattern.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            List<String> parts = splitOnUnescapedDots(trimmed);
            if (parts.size() != 3 || parts.stream().anyMatch(String::isEmpty)) {
                throw invalid(option, text, "'" + trimmed + "' is not database.schema.table (write a regular-expression dot as \\.)", wording);
            }
            String databasePart = parts.get(0);
            if (REGEX_META.matcher(databasePart).find()) {
                throw invalid(option, text, "the " + wording.database() + " part '" + databasePart + "' must be a plain " + wording.database()
                        + " name, not a pattern", wording);
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

    private static Part toPart(String[] parts, String option, String text, Wording wording) {
        try {
            return new Part(Pattern.compile(parts[1]), Pattern.compile(parts[2]));
        } catch (PatternSyntaxException e) {
            throw invalid(option, text, "it is not a valid regular expression: " + e.getDescription(), wording);
        }
    }

    private static TributaryException invalid(String option, String text, String problem, Wording wording) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option + "' = '" + text + "' is invalid: " + problem
                + ". Example: tables: " + wording.example());
    }
}
