package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table DDL of a binlog QUERY event, recognised by its leading keywords: which statement, on
 * which tables, and the column renames an ALTER TABLE names (RENAME COLUMN a TO b, CHANGE a b).
 * The new columns and types are not parsed from the text: the reader asks the server for the
 * table's definition after the statement.
 */
record DdlStatement(Kind kind, List<TableId> tables, Map<String, String> columnRenames) {
    enum Kind { CREATE, ALTER, DROP, TRUNCATE, RENAME }

    private static final String NAME = "(?:`(?:[^`]|``)+`|[\\w$]+)";
    private static final String QUALIFIED = "(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?)";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern ALTER = Pattern.compile("^ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + QUALIFIED, FLAGS);
    private static final Pattern CREATE = Pattern.compile("^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + QUALIFIED, FLAGS);
    private static final Pattern DROP = Pattern.compile("^DROP\\s+TABLES?\\s+(?:IF\\s+EXISTS\\s+)?(.+)$", FLAGS);
    private static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE\\s+(?:TABLE\\s+)?" + QUALIFIED, FLAGS);
    private static final Pattern RENAME = Pattern.compile("^RENAME\\s+TABLES?\\s+(.+)$", FLAGS);
    private static final Pattern RENAME_PAIR = Pattern.compile(QUALIFIED + "\\s+TO\\s+" + QUALIFIED, FLAGS);
    private static final Pattern NAME_IN_LIST = Pattern.compile(QUALIFIED, FLAGS);
    private static final Pattern RENAME_COLUMN = Pattern.compile("RENAME\\s+COLUMN\\s+(" + NAME + ")\\s+TO\\s+(" + NAME + ")", FLAGS);
    private static final Pattern CHANGE_COLUMN = Pattern.compile("CHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(" + NAME + ")\\s+(" + NAME + ")\\s", FLAGS);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    DdlStatement {
        requireNonNull(kind, "kind is null");
        tables = List.copyOf(tables);
        columnRenames = Map.copyOf(columnRenames);
    }

    /** The DDL a statement is, or empty for anything else (BEGIN, DML in statement format, GRANT, ...). */
    static Optional<DdlStatement> parse(String sql, String defaultDatabase) {
        String text = COMMENT.matcher(sql).replaceAll(" ").trim();
        if (text.regionMatches(true, 0, "CREATE TEMPORARY", 0, 16) || text.regionMatches(true, 0, "DROP TEMPORARY", 0, 14)) {
            return Optional.empty();
        }
        Matcher m = ALTER.matcher(text);
        if (m.find()) {
            return Optional.of(new DdlStatement(Kind.ALTER, List.of(table(m.group(1), defaultDatabase)), columnRenames(text)));
        }
        m = CREATE.matcher(text);
        if (m.find()) {
            return Optional.of(new DdlStatement(Kind.CREATE, List.of(table(m.group(1), defaultDatabase)), Map.of()));
        }
        m = TRUNCATE.matcher(text);
        if (m.find()) {
            return Optional.of(new DdlStatement(Kind.TRUNCATE, List.of(table(m.group(1), defaultDatabase)), Map.of()));
        }
        m = DROP.matcher(text);
        if (m.find()) {
            List<TableId> tables = new ArrayList<>();
            String list = m.group(1).replaceAll("(?i)\\s+(RESTRICT|CASCADE)\\s*$", "");
            Matcher names = NAME_IN_LIST.matcher(list);
            while (names.find()) {
                tables.add(table(names.group(1), defaultDatabase));
            }
            return Optional.of(new DdlStatement(Kind.DROP, tables, Map.of()));
        }
        m = RENAME.matcher(text);
        if (m.find()) {
            // Pairs: old, new, old, new, ...
            List<TableId> tables = new ArrayList<>();
            Matcher pairs = RENAME_PAIR.matcher(m.group(1));
            while (pairs.find()) {
                tables.add(table(pairs.group(1), defaultDatabase));
                tables.add(table(pairs.group(2), defaultDatabase));
            }
            return Optional.of(new DdlStatement(Kind.RENAME, tables, Map.of()));
        }
        return Optional.empty();
    }

    private static Map<String, String> columnRenames(String alter) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (Pattern pattern : List.of(RENAME_COLUMN, CHANGE_COLUMN)) {
            Matcher m = pattern.matcher(alter);
            while (m.find()) {
                String from = unquote(m.group(1));
                String to = unquote(m.group(2));
                if (!from.equalsIgnoreCase(to)) {
                    renames.put(from, to);
                }
            }
        }
        return renames;
    }

    private static TableId table(String qualified, String defaultDatabase) {
        List<String> parts = new ArrayList<>();
        Matcher m = Pattern.compile(NAME).matcher(qualified);
        while (m.find()) {
            parts.add(unquote(m.group()));
        }
        return parts.size() >= 2 ? TableId.ofDatabaseTable(parts.get(0), parts.get(1)) : TableId.ofDatabaseTable(defaultDatabase, parts.get(0));
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }
}
