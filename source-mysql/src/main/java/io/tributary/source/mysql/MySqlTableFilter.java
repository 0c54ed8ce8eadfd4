package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code tables} and {@code tables.exclude} patterns: comma-separated {@code database.table}
 * pairs of regular expressions, split at the first dot not written as {@code \.}; inside a part,
 * {@code \.} is the regular-expression dot (any character), as in Flink CDC.
 */
public final class MySqlTableFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final java.util.Set<String> SYSTEM_DATABASES = java.util.Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final List<TablePattern> include;
    private final List<TablePattern> exclude;

    private MySqlTableFilter(List<TablePattern> include, List<TablePattern> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    /** Parses the option values; throws {@link IllegalArgumentException} naming the bad pattern. */
    public static MySqlTableFilter parse(String tables, Optional<String> tablesExclude) {
        requireNonNull(tables, "tables is null");
        List<TablePattern> include = parseList(tables);
        if (include.isEmpty()) {
            throw new IllegalArgumentException("no table pattern given");
        }
        return new MySqlTableFilter(include, tablesExclude.map(MySqlTableFilter::parseList).orElse(List.of()));
    }

    /** Whether the table is captured: matched by a 'tables' pattern and by no 'tables.exclude' pattern, and not a system table. */
    public boolean matches(String database, String table) {
        if (SYSTEM_DATABASES.contains(database.toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        return include.stream().anyMatch(p -> p.matches(database, table)) && exclude.stream().noneMatch(p -> p.matches(database, table));
    }

    /** Whether some 'tables' pattern could match a table of this database. */
    public boolean mayMatchDatabase(String database) {
        return !SYSTEM_DATABASES.contains(database.toLowerCase(java.util.Locale.ROOT)) && include.stream().anyMatch(p -> p.database().matcher(database).matches());
    }

    @Override
    public String toString() {
        return include + (exclude.isEmpty() ? "" : " excluding " + exclude);
    }

    private static List<TablePattern> parseList(String text) {
        List<TablePattern> patterns = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                patterns.add(TablePattern.parse(trimmed));
            }
        }
        return patterns;
    }

    /** One {@code database.table} pattern, both parts full-match regular expressions. */
    record TablePattern(Pattern database, Pattern table) implements Serializable {
        static TablePattern parse(String text) {
            int separator = -1;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '.') {
                    separator = i;
                    break;
                }
            }
            if (separator <= 0 || separator == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not database.table (write a regular-expression dot as \\.)");
            }
            return new TablePattern(compile(text.substring(0, separator), text), compile(text.substring(separator + 1), text));
        }

        private static Pattern compile(String part, String whole) {
            try {
                return Pattern.compile(part.replace("\\.", "."));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + whole + "' is not a valid regular expression: " + e.getDescription());
            }
        }

        boolean matches(String databaseName, String tableName) {
            return database.matcher(databaseName).matches() && table.matcher(tableName).matches();
        }

        @Override
        public String toString() {
            return database.pattern() + "." + table.pattern();
        }
    }
}
