package io.tributary.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's rows as text, in a stable order, for comparing a source table with its copy: every
 * column is cast to text in the database, so both sides render values the same way.
 */
final class TableContents {
    private TableContents() {}

    /** All rows of {@code table}, columns in {@code columns} order, sorted by all columns. */
    static List<String> of(Connection connection, String table, String columns) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        String[] names = columns.split(",");
        for (int i = 0; i < names.length; i++) {
            select.append(i == 0 ? "" : ", ").append("(").append(names[i].trim()).append(")::text");
        }
        select.append(" FROM ").append(table).append(" ORDER BY ");
        for (int i = 0; i < names.length; i++) {
            select.append(i == 0 ? "" : ", ").append(i + 1);
        }
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select.toString())) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= names.length; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * The rows of {@code query} as text, columns joined by {@code |}: decimals without trailing
     * zeros and timestamps as {@link java.time.LocalDateTime}, so PostgreSQL and MariaDB render
     * the same values alike.
     */
    static List<String> rowsOf(Connection connection, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    String text;
                    if (value instanceof java.math.BigDecimal decimal) {
                        text = decimal.stripTrailingZeros().toPlainString();
                    } else if (value instanceof java.sql.Timestamp || value instanceof java.time.LocalDateTime) {
                        text = rs.getObject(i, java.time.LocalDateTime.class).toString();
                    } else {
                        text = String.valueOf(value);
                    }
                    row.append(i > 1 ? "|" : "").append(text);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * What separates {@code actual} from {@code expected}, both rows as text whose first field
     * (up to the first {@code |}) is the key: counts, then the first rows missing, extra or
     * different, so a failure is readable even for tables of 100,000 rows.
     */
    static String difference(List<String> expected, List<String> actual) {
        Map<String, String> want = byKey(expected);
        Map<String, String> have = byKey(actual);
        List<String> lines = new ArrayList<>();
        lines.add(expected.size() + " rows expected, " + actual.size() + " found");
        int shown = 0;
        for (var entry : want.entrySet()) {
            String found = have.get(entry.getKey());
            if (!entry.getValue().equals(found) && shown++ < 20) {
                lines.add((found == null ? "missing:   " : "expected:  ") + entry.getValue() + (found == null ? "" : "\n  found:   " + found));
            }
        }
        for (var entry : have.entrySet()) {
            if (!want.containsKey(entry.getKey()) && shown++ < 40) {
                lines.add("extra:     " + entry.getValue());
            }
        }
        return String.join("\n  ", lines);
    }

    private static Map<String, String> byKey(List<String> rows) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String row : rows) {
            int bar = row.indexOf('|');
            map.merge(bar < 0 ? row : row.substring(0, bar).trim(), row, (a, b) -> a + "\n  duplicate: " + b);
        }
        return map;
    }

    static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
