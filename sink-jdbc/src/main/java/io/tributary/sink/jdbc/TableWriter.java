package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.UnchangedValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes one table's buffered changes in JDBC batches on a connection whose transaction the
 * caller commits: for a keyed table deletes, then upserts, then partial updates (each key has one
 * change, so their order does not matter); for an unkeyed table runs of equal kinds in order.
 */
final class TableWriter {
    private final JdbcDialect dialect;

    TableWriter(JdbcDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** A change the database refused, with its reason. */
    record FailedChange(RowChange change, SQLException failure) {}

    void write(Connection connection, TableChanges table) throws SQLException {
        for (Run run : plan(table)) {
            try (PreparedStatement statement = connection.prepareStatement(run.sql())) {
                for (RowChange change : run.changes()) {
                    bind(statement, table.schema(), change);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    /**
     * Runs the table's changes one by one to find the first one the database refuses. The caller
     * has rolled back the failed transaction and rolls this one back too.
     */
    Optional<FailedChange> findRefusedChange(Connection connection, TableChanges table) throws SQLException {
        for (Run run : plan(table)) {
            try (PreparedStatement statement = connection.prepareStatement(run.sql())) {
                for (RowChange change : run.changes()) {
                    bind(statement, table.schema(), change);
                    try {
                        statement.executeUpdate();
                    } catch (SQLException e) {
                        if (dialect.isTransient(e)) {
                            throw e;
                        }
                        return Optional.of(new FailedChange(change, e));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private record Run(String sql, List<RowChange> changes) {}

    private List<Run> plan(TableChanges table) {
        return table.schema().hasPrimaryKey() ? planKeyed(table) : planUnkeyed(table);
    }

    private List<Run> planKeyed(TableChanges table) {
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> upserts = new ArrayList<>();
        Map<List<Boolean>, List<RowChange>> updatesByChangedColumns = new LinkedHashMap<>();
        for (RowChange change : table.changes()) {
            switch (change.kind()) {
                case DELETE -> deletes.add(change);
                case UPSERT -> upserts.add(change);
                case UPDATE_CHANGED -> updatesByChangedColumns.computeIfAbsent(changedColumns(change.row()), k -> new ArrayList<>()).add(change);
                default -> throw new IllegalStateException(change.kind() + " in a keyed table");
            }
        }
        List<Run> runs = new ArrayList<>();
        if (!deletes.isEmpty()) {
            runs.add(new Run(dialect.deleteByKey(table.target(), table.schema()), deletes));
        }
        if (!upserts.isEmpty()) {
            runs.add(new Run(dialect.upsert(table.target(), table.schema()), upserts));
        }
        updatesByChangedColumns.forEach((changed, changes) ->
                runs.add(new Run(dialect.updateColumns(table.target(), table.schema(), toArray(changed)), changes)));
        return runs;
    }

    private List<Run> planUnkeyed(TableChanges table) {
        String insert = dialect.insert(table.target(), table.schema());
        String deleteOne = dialect.deleteOneRow(table.target(), table.schema());
        List<Run> runs = new ArrayList<>();
        RowChange.Kind runKind = null;
        List<RowChange> current = null;
        for (RowChange change : table.changes()) {
            if (change.kind() != runKind) {
                runKind = change.kind();
                current = new ArrayList<>();
                runs.add(new Run(runKind == RowChange.Kind.INSERT ? insert : deleteOne, current));
            }
            current.add(change);
        }
        return runs;
    }

    private void bind(PreparedStatement statement, TableSchema schema, RowChange change) throws SQLException {
        List<Column> columns = schema.columns();
        Object[] row = change.row();
        int index = 1;
        switch (change.kind()) {
            case UPSERT, INSERT, DELETE_ONE -> {
                for (int i = 0; i < columns.size(); i++) {
                    dialect.bind(statement, index++, columns.get(i).type(), row[i]);
                }
            }
            case DELETE -> {
                for (int key : schema.primaryKeyIndexes()) {
                    dialect.bind(statement, index++, columns.get(key).type(), row[key]);
                }
            }
            case UPDATE_CHANGED -> {
                for (int i = 0; i < columns.size(); i++) {
                    if (row[i] != UnchangedValue.INSTANCE) {
                        dialect.bind(statement, index++, columns.get(i).type(), row[i]);
                    }
                }
                for (int key : schema.primaryKeyIndexes()) {
                    dialect.bind(statement, index++, columns.get(key).type(), row[key]);
                }
            }
        }
    }

    private static List<Boolean> changedColumns(Object[] row) {
        Boolean[] changed = new Boolean[row.length];
        for (int i = 0; i < row.length; i++) {
            changed[i] = row[i] != UnchangedValue.INSTANCE;
        }
        return Arrays.asList(changed);
    }

    private static boolean[] toArray(List<Boolean> changed) {
        boolean[] result = new boolean[changed.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = changed.get(i);
        }
        return result;
    }
}
