package io.tributary.source.oracle;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.jdbc.JdbcSourceValidator;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import io.tributary.source.oracle.catalog.OracleCatalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, without changing anything, that a run can start: the server is reachable and accepts
 * the credentials, tables match and can be read as of an SCN, and (for streaming modes) every
 * prerequisite of mining the redo log holds ({@link LogMiningPrerequisites}: archive log mode,
 * supplemental logging, the session's container, privileges), each problem with the statements
 * that fix it. Reports what it found.
 */
final class OracleSourceValidator extends JdbcSourceValidator<OracleDialect> {
    OracleSourceValidator(OracleDialect dialect) {
        super(dialect);
    }

    @Override
    protected ValidationReport check(Connection connection) throws SQLException {
        OracleSourceOptions options = dialect().options();
        OracleConnectionFactory connections = dialect().connections();
        List<String> findings = new ArrayList<>();
        findings.add("server: " + connection.getMetaData().getDatabaseProductVersion().lines().findFirst().orElse("Oracle") + " at "
                + connections.describeServer() + ", user " + options.username() + ", tables in " + OracleConnectionFactory.currentContainer(connection));
        List<CapturedTable> tables = new OracleCatalog(connection, options.tablesDatabase()).discover(options.tableFilter(), options.chunkKeyColumns())
                .stream().map(OracleCatalog.OracleTable::captured).toList();
        if (tables.isEmpty()) {
            throw OracleDialect.noTables(options, connections);
        }
        long scn = currentScn(connection);
        for (CapturedTable table : tables) {
            requireFlashbackRead(connection, table, scn);
            findings.add(describe(connection, table));
        }
        if (options.startupMode().streams()) {
            try (Connection root = connections.openAtService()) {
                LogMiningPrerequisites.require(LogMiningPrerequisites.load(root, options.tablesDatabase(), tables.stream().map(CapturedTable::tableId)
                        .toList()), options.username(), options.tablesDatabase(), connections.describeServer());
            }
            findings.add("redo log: archive log mode, supplemental logging and privileges in place for LogMiner");
        }
        return new ValidationReport("oracle", findings, CapturedTable.schemas(tables));
    }

    private long currentScn(Connection connection) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT CURRENT_SCN FROM V$DATABASE")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User '" + dialect().options().username() + "' cannot read the "
                    + "current SCN (" + e.getMessage().trim() + "), which the snapshot reads tables as of. As SYSDBA: GRANT SELECT ON "
                    + "V_$DATABASE TO " + dialect().options().username() + " CONTAINER=ALL;", e);
        }
    }

    private void requireFlashbackRead(Connection connection, CapturedTable table, long scn) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + dialect().qualifiedName(table.tableId()) + " AS OF SCN " + scn + " WHERE ROWNUM < 1").close();
        } catch (SQLException e) {
            Optional<TributaryException> known = OracleFailures.snapshotReadFailure(e, dialect().qualifiedName(table.tableId()), scn);
            throw known.orElseGet(() -> new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Cannot read " + table.tableId() + " as of SCN "
                    + scn + ": " + e.getMessage().trim(), e));
        }
    }

    private String describe(Connection connection, CapturedTable table) throws SQLException {
        if (table.chunkKey().synthetic()) {
            return "table " + table.tableId() + ": about " + table.estimatedRows() + " rows, no primary key, cut into ROWID ranges of its extents";
        }
        ChunkPlanner.ChunkPlan plan = planner().plan(connection, table);
        String chunks = ", about " + plan.estimatedChunks() + " chunks" + plan.evenRange().map(r -> " (even key ranges of " + r.step() + ")").orElse("");
        return "table " + table.tableId() + ": about " + table.estimatedRows() + " rows, "
                + (table.schema().hasPrimaryKey() ? "key " + table.schema().primaryKey() + chunks
                        : table.chunkKey().isNone() ? "no primary key, read as one chunk"
                        : "no primary key, chunked by column " + table.chunkKey() + chunks);
    }
}
