package io.tributary.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

    static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
