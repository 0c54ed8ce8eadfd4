package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/**
 * MySQL 8 and MariaDB targets, both through MariaDB Connector/J: upserts with
 * {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)} (the form both servers accept), deletes
 * of one of several equal rows with {@code <=>} and {@code LIMIT 1}, tables in utf8mb4 with a
 * binary collation so that keys differing only in case or accents stay distinct rows.
 */
final class MySqlJdbcDialect extends BaseJdbcDialect {
    private static final String TABLE_OPTIONS = " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    private static final String PROBE_TABLE = "tributary_create_privilege_probe";

    @Override
    public String name() {
        return "MySQL/MariaDB";
    }

    @Override
    public String tlsSettings() {
        return "sslMode (verify-full checks the certificate and that it names the host) and serverSslCert (the PEM certificate of the authority "
                + "that signed the server's; or trustStore with trustStorePassword)";
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public Map<String, String> defaultDriverProperties() {
        // Bulk execution of batched UPDATE/DELETE too (INSERTs use it by default; the sink needs no
        // per-row update counts) over server-side prepared statements: measured 36k upserts/s
        // into MariaDB 11.4 against 24-26k with the driver's defaults (JdbcSinkWriteBenchmark).
        // No cache of server-side statements: a statement prepared before an ALTER TABLE of its
        // table was seen failing its next bulk execution with an empty error (MariaDB 11.4); the
        // writer prepares once per batch, so preparing again costs one round trip per batch.
        return Map.of("useBulkStmts", "true", "useServerPrepStmts", "true", "cachePrepStmts", "false");
    }

    @Override
    public Connection connect(String url, Properties properties) throws SQLException {
        // MariaDB Connector/J speaks to MySQL too, but accepts the jdbc:mysql: scheme only with a flag.
        String mariadbUrl = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        return new org.mariadb.jdbc.Driver().connect(mariadbUrl, properties);
    }

    @Override
    public String defaultNamespace(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
            rs.next();
            String database = rs.getString(1);
            if (database == null) {
                throw new SQLException("the url names no database; add /database to the sink url", "3D000");
            }
            return database;
        }
    }

    @Override
    public boolean namespaceExists(Connection connection, String namespace) throws SQLException {
        return queryHasRow(connection, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", namespace);
    }

    @Override
    public Set<String> existingColumns(Connection connection, TargetTable table) throws SQLException {
        String sql = "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
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
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    String placeholder(DataType type) {
        return "?";
    }

    @Override
    public String createNamespace(String namespace) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(namespace) + TABLE_OPTIONS;
    }

    @Override
    public String createTable(TargetTable table, TableSchema schema) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(table) + " (" + tableBody(schema, MySqlTypes.tableColumnTypes(schema)) + ")" + TABLE_OPTIONS;
    }

    @Override
    public String addColumn(TargetTable table, Column column) {
        String type = MySqlTypes.columnType(column.type());
        return "ALTER TABLE " + qualified(table) + " ADD COLUMN " + quote(column.name()) + " " + type + defaultClause(column, type) + " NULL";
    }

    /** Text, blob and JSON columns take a default only as an expression (in parentheses) on MySQL 8. */
    @Override
    String defaultClause(Column column, String type) {
        boolean expressionOnly = type.matches("(?i)(LONG|MEDIUM|TINY)?(TEXT|BLOB)\\b.*|JSON\\b.*");
        return ColumnDefaults.literal(column, true).map(literal -> " DEFAULT " + (expressionOnly ? "(" + literal + ")" : literal)).orElse("");
    }

    /** {@link #alterColumnType} already restates the column NULL. */
    @Override
    public Optional<String> allowNull(TargetTable table, String column) {
        return Optional.empty();
    }

    @Override
    public String dropColumn(TargetTable table, String column) {
        return "ALTER TABLE " + qualified(table) + " DROP COLUMN " + quote(column);
    }

    /**
     * A column's definition as {@code MODIFY COLUMN} must restate it to keep it: the type, the
     * character set and collation (else the table's defaults apply), the comment and, on MariaDB,
     * a column CHECK such as the {@code json_valid} of a JSON column.
     */
    record ColumnDefinition(String type, Optional<String> characterSet, Optional<String> collation, String comment, Optional<String> check) {
        ColumnDefinition {
            requireNonNull(type, "type is null");
            requireNonNull(characterSet, "characterSet is null");
            requireNonNull(collation, "collation is null");
            requireNonNull(comment, "comment is null");
            requireNonNull(check, "check is null");
        }
    }

    @Override
    public Optional<String> dropNotNull(Connection connection, TargetTable table, String column) throws SQLException {
        String sql = "SELECT c.COLUMN_TYPE, c.CHARACTER_SET_NAME, c.COLLATION_NAME, c.COLUMN_COMMENT FROM information_schema.COLUMNS c"
                + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.COLUMN_NAME = ? AND c.IS_NULLABLE = 'NO'"
                + " AND c.COLUMN_DEFAULT IS NULL AND UPPER(c.EXTRA) NOT LIKE '%AUTO_INCREMENT%' AND UPPER(c.EXTRA) NOT LIKE '%GENERATED%'"
                + " AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA"
                + " AND s.TABLE_NAME = c.TABLE_NAME AND s.COLUMN_NAME = c.COLUMN_NAME AND s.INDEX_NAME = 'PRIMARY')";
        ColumnDefinition definition;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.namespace());
            statement.setString(2, table.name());
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                definition = new ColumnDefinition(rs.getString(1), Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                        rs.getString(4), columnCheck(connection, table, column));
            }
        }
        return Optional.of(modifyToNullable(table, column, definition));
    }

    String modifyToNullable(TargetTable table, String column, ColumnDefinition definition) {
        StringBuilder ddl = new StringBuilder("ALTER TABLE ").append(qualified(table)).append(" MODIFY COLUMN ").append(quote(column))
                .append(' ').append(definition.type());
        definition.characterSet().ifPresent(charset -> ddl.append(" CHARACTER SET ").append(charset));
        definition.collation().ifPresent(collation -> ddl.append(" COLLATE ").append(collation));
        ddl.append(" NULL");
        if (!definition.comment().isEmpty()) {
            ddl.append(" COMMENT ").append(stringLiteral(definition.comment()));
        }
        definition.check().ifPresent(check -> ddl.append(" CHECK (").append(check).append(')'));
        return ddl.toString();
    }

    /** MariaDB stores a column-level CHECK with the column, named after it; MySQL's are table constraints MODIFY keeps. */
    private static Optional<String> columnCheck(Connection connection, TargetTable table, String column) throws SQLException {
        if (!connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            return Optional.empty();
        }
        String sql = "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND CONSTRAINT_NAME = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.namespace());
            statement.setString(2, table.name());
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A string literal under the default SQL mode, in which a backslash escapes. */
    private static String stringLiteral(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String renameColumn(TargetTable table, String oldName, String newName) {
        return "ALTER TABLE " + qualified(table) + " RENAME COLUMN " + quote(oldName) + " TO " + quote(newName);
    }

    @Override
    public String alterColumnType(TargetTable table, TableSchema schemaAfter, String column) {
        boolean key = schemaAfter.primaryKey().contains(column);
        String type = MySqlTypes.columnTypeIn(schemaAfter, column);
        // MODIFY restates the whole definition: keep key columns NOT NULL, the others nullable, and the default.
        return "ALTER TABLE " + qualified(table) + " MODIFY COLUMN " + quote(column) + " " + type
                + defaultClause(schemaAfter.column(column).orElseThrow(), type) + (key ? " NOT NULL" : " NULL");
    }

    @Override
    public String upsert(TargetTable table, TableSchema schema) {
        StringJoiner updates = new StringJoiner(", ");
        for (Column column : schema.columns()) {
            if (!schema.primaryKey().contains(column.name())) {
                updates.add(quote(column.name()) + " = VALUES(" + quote(column.name()) + ")");
            }
        }
        if (updates.length() == 0) {
            String firstKey = quote(schema.primaryKey().get(0));
            updates.add(firstKey + " = " + firstKey);
        }
        return insert(table, schema) + " ON DUPLICATE KEY UPDATE " + updates;
    }

    @Override
    public String deleteOneRow(TargetTable table, TableSchema schema) {
        StringJoiner equal = new StringJoiner(" AND ");
        for (Column column : schema.columns()) {
            TypeKind kind = column.type().kind();
            if (kind == TypeKind.JSON || kind == TypeKind.ARRAY || kind == TypeKind.DOCUMENT) {
                // MySQL compares a JSON column with JSON, not with a document's text, so both sides go
                // through JSON_EXTRACT (MariaDB 11.4 crashes on "json_column <=> JSON_EXTRACT(?, '$')").
                equal.add("JSON_EXTRACT(" + quote(column.name()) + ", '$') <=> JSON_EXTRACT(?, '$')");
            } else {
                equal.add(quote(column.name()) + " <=> ?");
            }
        }
        return "DELETE FROM " + qualified(table) + " WHERE " + equal + " LIMIT 1";
    }

    @Override
    public void bind(PreparedStatement statement, int index, DataType type, Object value) throws SQLException {
        MySqlTypes.bind(statement, index, type, value);
    }

    @Override
    public boolean isTransient(SQLException failure) {
        // deadlock, lock wait timeout, server gone away, lost connection, connection killed, shutdown
        return super.isTransient(failure) || hasErrorCode(failure, 1213, 1205, 2006, 2013, 1927, 1053);
    }

    @Override
    public boolean isAlreadyApplied(SQLException failure) {
        // table exists, duplicate column, cannot drop (column gone), database exists, unknown column (renamed)
        return hasErrorCode(failure, 1050, 1060, 1091, 1007, 1054);
    }

    @Override
    public boolean isAuthenticationFailure(SQLException failure) {
        return hasErrorCode(failure, 1045, 1698) || hasSqlState(failure, "28000");
    }

    /**
     * Probes with a CREATE TABLE that cannot succeed (a duplicate column): the server checks the
     * privilege before the definition, so "duplicate column" means allowed and nothing changes.
     */
    @Override
    public Optional<Boolean> canCreateTables(Connection connection, String namespace) throws SQLException {
        String probe = "CREATE TABLE " + quote(namespace) + "." + quote(PROBE_TABLE) + " (probe INT, probe INT)";
        try (Statement statement = connection.createStatement()) {
            statement.execute(probe);
            statement.execute("DROP TABLE IF EXISTS " + quote(namespace) + "." + quote(PROBE_TABLE));
            return Optional.of(true);
        } catch (SQLException e) {
            if (hasErrorCode(e, 1060, 1050)) {
                return Optional.of(true);
            }
            if (hasErrorCode(e, 1142, 1044)) {
                return Optional.of(false);
            }
            return Optional.empty();
        }
    }

    @Override
    public boolean isPrivilegeMissing(SQLException failure) {
        // command denied for a table, for a column, access denied to a database
        return hasErrorCode(failure, 1142, 1143, 1044);
    }

    /** Everything the sink does in the database: write rows, create, alter, truncate and drop tables. */
    @Override
    public String grantCreateTables(Connection connection, String namespace) throws SQLException {
        return "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP ON " + quote(namespace) + ".* TO " + currentAccount(connection);
    }

    @Override
    public String grantWriteRows(Connection connection, TargetTable table) throws SQLException {
        return "GRANT SELECT, INSERT, UPDATE, DELETE ON " + qualified(table) + " TO " + currentAccount(connection);
    }

    /** ALTER TABLE needs ALTER, CREATE and INSERT on the table; TRUNCATE and DROP TABLE need DROP. */
    @Override
    public String grantAlterTable(Connection connection, TargetTable table) throws SQLException {
        return "GRANT ALTER, CREATE, INSERT, DROP ON " + qualified(table) + " TO " + currentAccount(connection);
    }

    /** The account the server matched the login to, as {@code 'user'@'host'}. */
    private static String currentAccount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            String account = rs.getString(1);
            int at = account.lastIndexOf('@');
            if (at < 0) {
                return stringLiteral(account);
            }
            return stringLiteral(account.substring(0, at)) + "@" + stringLiteral(account.substring(at + 1));
        }
    }

    private static boolean queryHasRow(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
