package io.tributary.sink.jdbc;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/**
 * PostgreSQL targets: upserts with {@code INSERT ... ON CONFLICT (key) DO UPDATE}, deletes of one
 * of several equal rows through {@code ctid}, and idempotent DDL with {@code IF [NOT] EXISTS}.
 */
final class PostgresJdbcDialect extends BaseJdbcDialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String tlsSettings() {
        return "sslmode (verify-full checks the certificate and that it names the host) and sslrootcert (the certificate of the authority that "
                + "signed the server's)";
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public Map<String, String> defaultDriverProperties() {
        // Rewrites a batch of INSERTs into multi-row INSERTs: several times faster for upserts.
        return Map.of("reWriteBatchedInserts", "true", "ApplicationName", "tributary");
    }

    @Override
    public Connection connect(String url, Properties properties) throws SQLException {
        return new org.postgresql.Driver().connect(url, properties);
    }

    @Override
    public String defaultNamespace(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return schema != null ? schema : "public";
        }
    }

    @Override
    public boolean namespaceExists(Connection connection, String namespace) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            statement.setString(1, namespace);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Set<String> existingColumns(Connection connection, TargetTable table) throws SQLException {
        String sql = "SELECT a.attname FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.namespace());
            statement.setString(2, table.name());
            Set<String> columns = new LinkedHashSet<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return columns;
        }
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    String placeholder(DataType type) {
        return PostgresTypes.placeholder(type);
    }

    @Override
    public String createNamespace(String namespace) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(namespace);
    }

    @Override
    public String createTable(TargetTable table, TableSchema schema) {
        List<String> types = new ArrayList<>();
        schema.columns().forEach(c -> types.add(PostgresTypes.columnType(c.type())));
        return "CREATE TABLE IF NOT EXISTS " + qualified(table) + " (" + tableBody(schema, types) + ")";
    }

    @Override
    public String addColumn(TargetTable table, Column column) {
        String type = PostgresTypes.columnType(column.type());
        return "ALTER TABLE " + qualified(table) + " ADD COLUMN IF NOT EXISTS " + quote(column.name()) + " " + type + defaultClause(column, type);
    }

    @Override
    String defaultClause(Column column, String type) {
        return ColumnDefaults.literal(column, false).map(literal -> " DEFAULT " + literal + "::" + type).orElse("");
    }

    @Override
    public Optional<String> allowNull(TargetTable table, String column) {
        return Optional.of(dropNotNullStatement(table, column));
    }

    @Override
    public String dropColumn(TargetTable table, String column) {
        return "ALTER TABLE " + qualified(table) + " DROP COLUMN IF EXISTS " + quote(column);
    }

    @Override
    public Optional<String> dropNotNull(Connection connection, TargetTable table, String column) throws SQLException {
        String sql = "SELECT 1 FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''"
                + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary"
                + " AND a.attnum = ANY (i.indkey))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.namespace());
            statement.setString(2, table.name());
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(dropNotNullStatement(table, column)) : Optional.empty();
            }
        }
    }

    String dropNotNullStatement(TargetTable table, String column) {
        return "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column) + " DROP NOT NULL";
    }

    @Override
    public String renameColumn(TargetTable table, String oldName, String newName) {
        return "ALTER TABLE " + qualified(table) + " RENAME COLUMN " + quote(oldName) + " TO " + quote(newName);
    }

    @Override
    public String alterColumnType(TargetTable table, TableSchema schemaAfter, String column) {
        String type = PostgresTypes.columnType(schemaAfter.column(column).orElseThrow().type());
        return "ALTER TABLE " + qualified(table) + " ALTER COLUMN " + quote(column) + " TYPE " + type
                + " USING " + quote(column) + "::" + type;
    }

    @Override
    public String upsert(TargetTable table, TableSchema schema) {
        StringJoiner key = new StringJoiner(", ");
        schema.primaryKey().forEach(k -> key.add(quote(k)));
        StringJoiner updates = new StringJoiner(", ");
        for (Column column : schema.columns()) {
            if (!schema.primaryKey().contains(column.name())) {
                updates.add(quote(column.name()) + " = EXCLUDED." + quote(column.name()));
            }
        }
        String action = updates.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + updates;
        return insert(table, schema) + " ON CONFLICT (" + key + ") " + action;
    }

    @Override
    public String deleteOneRow(TargetTable table, TableSchema schema) {
        StringJoiner equal = new StringJoiner(" AND ");
        for (Column column : schema.columns()) {
            equal.add(quote(column.name()) + " IS NOT DISTINCT FROM " + placeholder(column.type()));
        }
        return "DELETE FROM " + qualified(table) + " WHERE ctid = (SELECT ctid FROM " + qualified(table) + " WHERE " + equal + " LIMIT 1)";
    }

    @Override
    public void bind(PreparedStatement statement, int index, DataType type, Object value) throws SQLException {
        PostgresTypes.bind(statement, index, type, value);
    }

    @Override
    public boolean isTransient(SQLException failure) {
        // deadlock, lock not available, server shutting down / starting, too many connections
        return super.isTransient(failure) || hasSqlState(failure, "40P01", "55P03", "57P01", "57P02", "57P03", "53300");
    }

    @Override
    public boolean isAlreadyApplied(SQLException failure) {
        // duplicate table / column / schema / object; 23505 is the catalog race of two concurrent
        // CREATE ... IF NOT EXISTS; 42703 is a column another writer renamed first.
        return hasSqlState(failure, "42P07", "42701", "42P06", "42710", "23505", "42703");
    }

    @Override
    public boolean isAuthenticationFailure(SQLException failure) {
        return hasSqlState(failure, "28P01", "28000");
    }

    @Override
    public Optional<Boolean> canCreateTables(Connection connection, String namespace) throws SQLException {
        if (!namespaceExists(connection, namespace)) {
            // The sink creates the schema first, which needs CREATE on the database.
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT has_database_privilege(current_database(), 'CREATE')")) {
                rs.next();
                return Optional.of(rs.getBoolean(1));
            }
        }
        return Optional.of(hasSchemaPrivilege(connection, namespace, "CREATE"));
    }

    @Override
    public boolean isPrivilegeMissing(SQLException failure) {
        return hasSqlState(failure, "42501");
    }

    @Override
    public String grantCreateTables(Connection connection, String namespace) throws SQLException {
        String user = quote(queryString(connection, "SELECT current_user"));
        if (!namespaceExists(connection, namespace)) {
            return "GRANT CREATE ON DATABASE " + quote(queryString(connection, "SELECT current_database()")) + " TO " + user;
        }
        return "GRANT CREATE ON SCHEMA " + quote(namespace) + " TO " + user;
    }

    @Override
    public String grantWriteRows(Connection connection, TargetTable table) throws SQLException {
        String user = quote(queryString(connection, "SELECT current_user"));
        String grant = "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE " + qualified(table) + " TO " + user;
        if (hasSchemaPrivilege(connection, table.namespace(), "USAGE")) {
            return grant;
        }
        return "GRANT USAGE ON SCHEMA " + quote(table.namespace()) + " TO " + user + "; " + grant;
    }

    /** Only a table's owner may alter it; no GRANT allows that. */
    @Override
    public String grantAlterTable(Connection connection, TargetTable table) throws SQLException {
        return "ALTER TABLE " + qualified(table) + " OWNER TO " + quote(queryString(connection, "SELECT current_user"));
    }

    private static boolean hasSchemaPrivilege(Connection connection, String namespace, String privilege) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT has_schema_privilege(?, ?)")) {
            statement.setString(1, namespace);
            statement.setString(2, privilege);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
