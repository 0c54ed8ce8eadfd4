package io.tributary.source.mysql;

import static io.tributary.source.jdbc.IdentifierQuoting.BACKTICKS_BY_DATABASE;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.jdbc.JdbcSourceValidator;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import io.tributary.source.mysql.binlog.BinlogTls;
import io.tributary.source.mysql.catalog.MySqlCatalog;
import io.tributary.source.mysql.catalog.ServerInfo;
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
final class MySqlSourceValidator extends JdbcSourceValidator<MySqlDialect> {
    MySqlSourceValidator(MySqlDialect dialect) {
        super(dialect);
    }

    @Override
    protected ValidationReport check(Connection connection) throws SQLException {
        MySqlSourceOptions options = dialect().options();
        MySqlConnectionFactory connections = dialect().connections();
        List<String> findings = new ArrayList<>();
        ServerInfo server = ServerInfo.load(connection);
        findings.add("server: " + server.describe() + " at " + connections.describeServer() + ", user " + server.user());
        if (options.startupMode().streams()) {
            BinlogSettingsCheck.require(connection, server, connections.describeServer());
            BinlogTls tls = BinlogTls.from(options.hostname(), options.port(), options.jdbcProperties());
            tls.checkReadable();
            findings.add("binlog connection: " + (tls.encrypts() ? "TLS, with the jdbc.properties.* TLS settings" : "not encrypted"));
        }
        List<CapturedTable> tables = new MySqlCatalog(connection, server.flavor(), options.tinyint1AsBoolean()).discover(options.tableFilter(), options.chunkKeyColumns());
        if (tables.isEmpty()) {
            throw MySqlDialect.noTables(options, connections);
        }
        for (CapturedTable table : tables) {
            requireSelect(connection, table);
            findings.add(describe(connection, table));
        }
        return new ValidationReport("mysql", findings, CapturedTable.schemas(tables));
    }

    private void requireSelect(Connection connection, CapturedTable table) {
        String user = dialect().options().username();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + BACKTICKS_BY_DATABASE.qualified(table.tableId()) + " LIMIT 0").close();
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User '" + user + "' cannot read " + table.tableId()
                    + ": " + e.getMessage() + ". An administrator can run: GRANT SELECT ON " + BACKTICKS_BY_DATABASE.qualified(table.tableId()) + " TO '"
                    + user + "'@'%';", e);
        }
    }

    private String describe(Connection connection, CapturedTable table) throws SQLException {
        ChunkPlanner.ChunkPlan plan = planner().plan(connection, table);
        String chunks = ", about " + plan.estimatedChunks() + " chunks" + plan.evenRange().map(r -> " (even key ranges of " + r.step() + ")").orElse("");
        return "table " + table.tableId() + ": about " + table.estimatedRows() + " rows, "
                + (table.schema().hasPrimaryKey() ? "key " + table.schema().primaryKey() + chunks
                        : table.chunkKey().isNone() ? "no primary key, read as one chunk"
                        : "no primary key, chunked by column " + table.chunkKey() + chunks);
    }
}
