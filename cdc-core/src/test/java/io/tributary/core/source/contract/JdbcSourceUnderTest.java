package io.tributary.core.source.contract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The row operations of {@link SourceUnderTest} in plain SQL, for sources whose storage speaks
 * JDBC; the storage-neutral contract does not depend on it (a document store implements
 * {@link SourceUnderTest} directly). A subclass says how to connect, quote and name types.
 */
public abstract class JdbcSourceUnderTest implements SourceUnderTest {
    /** A connection to the namespace's database, as a user who may write the test tables. */
    protected abstract Connection connect(String namespace) throws SQLException;

    /** The table's name as SQL statements in the namespace's database write it. */
    protected abstract String qualified(String namespace, String table);

    protected abstract String quote(String identifier);

    protected abstract String sqlType(TableSpec.ValueKind kind);

    /** Runs statements in the namespace's database, each committed on its own. */
    protected void execute(String namespace, String... sql) {
        try (Connection connection = connect(namespace); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void createTable(String namespace, TableSpec table) {
        String columns = table.columns().stream().map(c -> quote(c.name()) + " " + sqlType(c.kind())).collect(Collectors.joining(", "));
        String key = table.keyColumns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        if (table.keyIsPrimary()) {
            execute(namespace, "CREATE TABLE " + qualified(namespace, table.name()) + " (" + columns + ", PRIMARY KEY (" + key + "))");
            return;
        }
        String notNull = table.keyColumns().stream().map(c -> quote(c.name()) + " " + sqlType(c.kind()) + " NOT NULL").collect(Collectors.joining(", "));
        String values = table.valueColumns().stream().map(c -> ", " + quote(c.name()) + " " + sqlType(c.kind())).collect(Collectors.joining());
        execute(namespace, "CREATE TABLE " + qualified(namespace, table.name()) + " (" + notNull + values + ")",
                "CREATE UNIQUE INDEX " + quote(table.name() + "_key") + " ON " + qualified(namespace, table.name()) + " (" + key + ")");
        keylessTableCreated(namespace, table);
    }

    /** What the storage needs beyond the table and its unique index to capture a table without primary key (none by default). */
    protected void keylessTableCreated(String namespace, TableSpec table) {}

    @Override
    public void insert(String namespace, TableSpec table, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        String sql = "INSERT INTO " + qualified(namespace, table.name()) + " (" + columns.stream().map(this::quote).collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        try (Connection connection = connect(namespace)) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Map<String, Object> row : rows) {
                    for (int i = 0; i < columns.size(); i++) {
                        statement.setObject(i + 1, row.get(columns.get(i)));
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("insert into " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void update(String namespace, TableSpec table, Map<String, Object> key, Map<String, Object> values) {
        List<String> set = new ArrayList<>(values.keySet());
        List<String> where = new ArrayList<>(key.keySet());
        String sql = "UPDATE " + qualified(namespace, table.name()) + " SET " + set.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "))
                + " WHERE " + where.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
        List<Object> parameters = new ArrayList<>();
        set.forEach(c -> parameters.add(values.get(c)));
        where.forEach(c -> parameters.add(key.get(c)));
        executeUpdate(namespace, sql, parameters);
    }

    @Override
    public void delete(String namespace, TableSpec table, Map<String, Object> key) {
        List<String> where = new ArrayList<>(key.keySet());
        String sql = "DELETE FROM " + qualified(namespace, table.name()) + " WHERE "
                + where.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
        executeUpdate(namespace, sql, where.stream().map(key::get).toList());
    }

    private void executeUpdate(String namespace, String sql, List<Object> parameters) {
        try (Connection connection = connect(namespace); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void addColumn(String namespace, TableSpec table, TableSpec.ColumnSpec column) {
        execute(namespace, "ALTER TABLE " + qualified(namespace, table.name()) + " ADD COLUMN " + quote(column.name()) + " " + sqlType(column.kind()));
    }

    @Override
    public List<Map<String, Object>> readTable(String namespace, TableSpec table) {
        try (Connection connection = connect(namespace); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified(namespace, table.name()))) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void createTypedTable(String namespace, String table, List<TypeSample> samples) {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + qualified(namespace, table) + " (" + quote("id") + " " + sqlType(TableSpec.ValueKind.INTEGER)
                + " PRIMARY KEY, " + quote("touch") + " " + sqlType(TableSpec.ValueKind.INTEGER));
        for (int i = 0; i < samples.size(); i++) {
            sql.append(", ").append(quote("c" + i)).append(' ').append(samples.get(i).nativeType());
        }
        execute(namespace, sql.append(')').toString());
    }

    @Override
    public void insertTyped(String namespace, String table, int id, List<String> values) {
        StringBuilder columns = new StringBuilder(quote("id") + ", " + quote("touch"));
        StringBuilder literals = new StringBuilder(id + ", 0");
        for (int i = 0; i < values.size(); i++) {
            columns.append(", ").append(quote("c" + i));
            literals.append(", ").append(values.get(i) == null ? "NULL" : values.get(i));
        }
        execute(namespace, "INSERT INTO " + qualified(namespace, table) + " (" + columns + ") VALUES (" + literals + ")");
    }

    @Override
    public void touchTyped(String namespace, String table) {
        execute(namespace, "UPDATE " + qualified(namespace, table) + " SET " + quote("touch") + " = " + quote("touch") + " + 1");
    }
}
