package io.tributary.sink.jdbc;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to talk to one kind of target database: connecting, naming tables, the text of every DDL and
 * DML statement the sink runs, column types, value binding and the meaning of its error codes.
 */
public interface JdbcDialect {

    /** Picks the dialect from the URL's scheme. */
    static JdbcDialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresJdbcDialect();
        }
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            return new MySqlJdbcDialect();
        }
        throw new TributaryException(ErrorCode.CONFIG_INVALID,
                "Sink url '" + url + "' is not supported. Use a URL starting with jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:.");
    }

    /** For messages, e.g. {@code PostgreSQL}. */
    String name();

    int defaultPort();

    /** Driver properties the sink sets unless the user overrides them under {@code properties.}. */
    Map<String, String> defaultDriverProperties();

    /** Opens a connection with this dialect's driver, independent of {@link java.sql.DriverManager}. */
    Connection connect(String url, java.util.Properties properties) throws SQLException;

    /** The namespace a table id without one goes to: the session's current schema or database. */
    String defaultNamespace(Connection connection) throws SQLException;

    /** Maps a sink table id to the target's namespace and table (see the module README). */
    TargetTable targetTable(TableId tableId, String defaultNamespace);

    boolean namespaceExists(Connection connection, String namespace) throws SQLException;

    /** Column names of the table, empty when the table does not exist. */
    Set<String> existingColumns(Connection connection, TargetTable table) throws SQLException;

    String createNamespace(String namespace);

    String createTable(TargetTable table, TableSchema schema);

    /** Adds the column as nullable, with its constant default, which existing rows get. */
    String addColumn(TargetTable table, Column column);

    String dropColumn(TargetTable table, String column);

    /**
     * The statement that lets rows leave out a column the target keeps after the source dropped it:
     * it drops the column's NOT NULL and changes nothing else. Empty when the column is absent,
     * nullable, filled by a default (or identity, auto-increment, generation), or in the primary key.
     */
    Optional<String> dropNotNull(Connection connection, TargetTable table, String column) throws SQLException;

    /** The statement that drops a column's NOT NULL after its type changed to a nullable one, if the type change did not. */
    Optional<String> allowNull(TargetTable table, String column);

    String renameColumn(TargetTable table, String oldName, String newName);

    String alterColumnType(TargetTable table, TableSchema schemaAfter, String column);

    String truncate(TargetTable table);

    String dropTable(TargetTable table);

    /** Inserts a full row or overwrites the row with its primary key. */
    String upsert(TargetTable table, TableSchema schema);

    String deleteByKey(TargetTable table, TableSchema schema);

    /** Sets the columns flagged in {@code changed} of the row with the key; key columns come last. */
    String updateColumns(TargetTable table, TableSchema schema, boolean[] changed);

    String insert(TargetTable table, TableSchema schema);

    /** Deletes one row equal to the given one in every column (tables without primary key). */
    String deleteOneRow(TargetTable table, TableSchema schema);

    /** Binds {@code value} (of {@link io.tributary.core.model.TypeKind#javaClass()}, or null). */
    void bind(PreparedStatement statement, int index, DataType type, Object value) throws SQLException;

    /** A failure that may pass when the whole transaction is retried on a new connection. */
    boolean isTransient(SQLException failure);

    /**
     * The DDL failed because its effect is there already (the table or column exists, or the
     * renamed column is gone): another writer applied the same change first. The caller re-checks.
     */
    boolean isAlreadyApplied(SQLException failure);

    /** The password or user was refused. */
    boolean isAuthenticationFailure(SQLException failure);

    /** The url parameters that set TLS up and what they must hold, for the message of a failed TLS handshake. */
    String tlsSettings();

    /** Whether the user can create tables in the namespace; empty when the database cannot tell. */
    Optional<Boolean> canCreateTables(Connection connection, String namespace) throws SQLException;

    /** The statement was refused because the user lacks a privilege on the object. */
    boolean isPrivilegeMissing(SQLException failure);

    /**
     * The statement an administrator runs so that the connected user can create tables in the
     * namespace; this and the other {@code grant} methods join several statements with {@code "; "}.
     */
    String grantCreateTables(Connection connection, String namespace) throws SQLException;

    /** The statement an administrator runs so that the connected user can write rows into the table. */
    String grantWriteRows(Connection connection, TargetTable table) throws SQLException;

    /** The statement an administrator runs so that the connected user can alter, truncate and drop the table. */
    String grantAlterTable(Connection connection, TargetTable table) throws SQLException;
}
