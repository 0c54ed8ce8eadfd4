package io.tributary.cli.demo;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** A table of the demo's shop database, and how to read what it holds for a comparison. */
record DemoTable(String name, List<String> columns, List<String> keyColumns) {
    private static final String UNDEFINED_TABLE = "42P01";

    DemoTable {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    /**
     * Row count and a checksum over every row's values in key order, read in one statement; empty
     * when the table does not exist (yet) in the connected database.
     */
    Optional<TableContents> read(Connection connection) throws SQLException {
        String sql = "SELECT count(*), md5(coalesce(string_agg(concat_ws('|', " + String.join(", ", columns) + "), E'\\n' ORDER BY "
                + orderBy() + "), '')) FROM public." + name;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return Optional.of(new TableContents(rows.getLong(1), rows.getString(2)));
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Text keys sort byte-wise so that both servers agree on the order whatever their collation. */
    private String orderBy() {
        return String.join(", ", keyColumns.stream().map(column -> column + "::text COLLATE \"C\"").toList());
    }
}
