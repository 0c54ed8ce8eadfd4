package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.mysql.catalog.MySqlCatalog;
import io.tributary.source.mysql.catalog.ServerInfo;
import io.tributary.source.mysql.snapshot.ChunkQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, without changing anything, that a run can start: the server is reachable and accepts
 * the credentials, tables match and can be read, and (for streaming modes) the binary log is
 * set up for CDC. Reports what it found.
 */
final class MySqlSourceValidator {
    private final MySqlSourceOptions options;
    private final MySqlConnectionFactory connections;

    MySqlSourceValidator(MySqlSourceOptions options, MySqlConnectionFactory connections) {
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
    }

    ValidationReport validate() {
        List<String> findings = new ArrayList<>();
        try (Connection connection = connections.open()) {
            ServerInfo server = ServerInfo.load(connection);
            findings.add("server: " + server.describe() + " at " + connections.describeServer() + ", user " + server.user());
            if (options.startupMode().streams()) {
                BinlogSettingsCheck.require(connection, server, connections.describeServer());
            }
            List<CapturedTable> tables = new MySqlCatalog(connection, server.flavor()).discover(options.tableFilter(), options.chunkKeyColumns());
            if (tables.isEmpty()) {
                throw MySqlDialect.noTables(options, connections);
            }
            for (CapturedTable table : tables) {
                requireSelect(connection, table);
                findings.add(describe(table));
            }
            return new ValidationReport("mysql", findings);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Validation could not read the catalog of " + connections.describeServer()
                    + ": " + e.getMessage(), e);
        }
    }

    private void requireSelect(Connection connection, CapturedTable table) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + ChunkQueries.qualified(table.tableId()) + " LIMIT 0").close();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User '" + options.username() + "' cannot read " + table.tableId()
                    + ": " + e.getMessage() + ". An administrator can run: GRANT SELECT ON " + ChunkQueries.qualified(table.tableId()) + " TO '"
                    + options.username() + "'@'%';", e);
        }
    }

    private String describe(CapturedTable table) {
        long chunks = Math.max(1, (table.estimatedRows() + options.chunkSize() - 1) / options.chunkSize());
        return "table " + table.tableId() + ": about " + table.estimatedRows() + " rows, "
                + (table.schema().hasPrimaryKey() ? "key " + table.schema().primaryKey() + ", about " + chunks + " chunks"
                        : table.chunkKey().isNone() ? "no primary key, read as one chunk"
                        : "no primary key, chunked by column " + table.chunkKey() + ", about " + chunks + " chunks");
    }
}
