package io.tributary.source.postgres;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresServerInfo;
import io.tributary.source.postgres.catalog.PostgresTable;
import io.tributary.source.postgres.catalog.SqlNames;
import io.tributary.source.jdbc.JdbcSourceValidator;
import io.tributary.source.jdbc.snapshot.ChunkPlanner;
import io.tributary.source.jdbc.snapshot.KeyLayout.Strategy;
import io.tributary.source.postgres.stream.Publication;
import io.tributary.source.postgres.stream.PublicationPlan;
import io.tributary.source.postgres.stream.PublicationScope;
import io.tributary.source.postgres.stream.ReplicationSlot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, without changing anything, that a run can start: the server is reachable and logs
 * logically, the user may read the tables and stream, the tables and their types are supported,
 * and the slot and publication exist or can be created. Reports what it found.
 */
final class PostgresSourceValidator extends JdbcSourceValidator<PostgresDialect> {
    private static final int MINIMUM_VERSION = 100000;

    private final PostgresSourceOptions options;
    private final PostgresConnectionFactory connections;

    PostgresSourceValidator(PostgresDialect dialect) {
        super(dialect);
        this.options = dialect.options();
        this.connections = dialect.connections();
    }

    @Override
    protected ValidationReport check(Connection connection) throws SQLException {
        List<String> findings = new ArrayList<>();
        PostgresServerInfo server = PostgresServerInfo.load(connection);
        findings.add("server: PostgreSQL " + server.version() + " at " + connections.describeServer() + " (" + server.encoding() + "), user "
                + server.user());
        if (server.versionNumber() < MINIMUM_VERSION) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "PostgreSQL " + server.version()
                    + " is too old: logical replication with pgoutput needs PostgreSQL 10 or later.");
        }
        boolean streams = options.startupMode().streams();
        if (streams) {
            checkStreamingSettings(server, findings);
        }
        PostgresCatalog catalog = new PostgresCatalog(connection, server);
        List<PostgresTable> tables = catalog.discover(options.tableFilter());
        PostgresTableChecks.requireCapturable(tables, catalog, options);
        if (streams) {
            checkSlot(connection, server, findings);
            checkPublication(connection, server, tables, findings);
        }
        List<CapturedTable> captured = catalog.captured(tables, options.chunkKeyColumns());
        for (CapturedTable table : captured) {
            findings.add(describeTable(connection, table));
        }
        return new ValidationReport("postgres", findings, CapturedTable.schemas(captured));
    }

    private void checkStreamingSettings(PostgresServerInfo server, List<String> findings) {
        if (!"logical".equals(server.walLevel())) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "wal_level is '" + server.walLevel() + "' on " + connections.describeServer()
                    + "; streaming changes needs 'logical'. Run ALTER SYSTEM SET wal_level = logical; and restart the server "
                    + "(or use scan.startup.mode: snapshot to copy the tables once without streaming).");
        }
        findings.add("wal_level: logical");
        if (!server.superuser() && !server.replication()) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User " + server.user() + " may not stream changes: it lacks the "
                    + "REPLICATION attribute. An administrator can run: ALTER ROLE " + SqlNames.quote(server.user()) + " REPLICATION"
                    + " (on Amazon RDS or Aurora: GRANT rds_replication TO " + SqlNames.quote(server.user()) + ").");
        }
        Connection replication = connections.openReplication();
        findings.add("replication connection: allowed");
        try {
            replication.close();
        } catch (SQLException e) {
            // The test connection did nothing; failing to close it changes nothing.
        }
    }

    /** Above this much WAL held by a slot nobody streams from, {@code validate} warns. */
    static final long RETAINED_WAL_WARNING_BYTES = 1L << 30;

    /** A warning for a slot that nobody streams from and that keeps the server from recycling more than a GiB of WAL. */
    static Optional<String> retentionWarning(ReplicationSlot slot) {
        if (slot.active() || slot.lagBytes() <= RETAINED_WAL_WARNING_BYTES) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "warning: replication slot %s is not in use and keeps %.1f GiB of WAL on the server's disk;"
                + " start the pipeline so that it catches up, or remove it with 'tributary drop' if the pipeline is gone", slot.name(),
                slot.lagBytes() / (double) (1L << 30)));
    }

    private void checkSlot(Connection connection, PostgresServerInfo server, List<String> findings) throws SQLException {
        String slotName = options.requireSlotName();
        Optional<ReplicationSlot> slot = ReplicationSlot.find(connection, slotName);
        if (slot.isPresent()) {
            ReplicationSlot existing = slot.get();
            if (!existing.isLogical() || !"pgoutput".equals(existing.plugin()) || !options.database().equals(existing.database())) {
                throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Replication slot " + slotName + " exists but is not a pgoutput slot "
                        + "of database " + options.database() + ". Choose another slot.name.");
            }
            if (existing.lost()) {
                throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "Replication slot " + slotName + " has lost WAL it needed. Drop it: "
                        + "SELECT pg_drop_replication_slot('" + slotName + "'), then start the pipeline afresh.");
            }
            findings.add("replication slot " + slotName + ": exists" + (existing.active() ? " (in use)" : "") + ", confirmed "
                    + existing.confirmedFlush() + ", " + existing.lagBytes() / 1024 + " KiB of WAL behind the server");
            retentionWarning(existing).ifPresent(findings::add);
            return;
        }
        int used;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_replication_slots")) {
            rs.next();
            used = rs.getInt(1);
        }
        if (used >= server.maxReplicationSlots()) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Replication slot " + slotName + " does not exist and cannot be created: "
                    + "all " + server.maxReplicationSlots() + " slots (max_replication_slots) are taken. Drop unused slots "
                    + "(SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active) or raise max_replication_slots "
                    + "and restart the server.");
        }
        findings.add("replication slot " + slotName + ": will be created (" + used + " of " + server.maxReplicationSlots() + " slots in use)");
    }

    private void checkPublication(Connection connection, PostgresServerInfo server, List<PostgresTable> tables, List<String> findings)
            throws SQLException {
        String name = options.requirePublicationName();
        List<TableId> ids = tables.stream().map(PostgresTable::tableId).toList();
        PublicationScope scope = PublicationScope.load(connection, options.database(), options.tableFilter());
        PublicationPlan plan = PublicationPlan.choose(name, ids, scope, server.versionNumber(), server.version(), server.superuser(), server.user());
        Optional<Publication> publication = Publication.find(connection, name, options.database());
        if (publication.isEmpty()) {
            List<TableId> notOwned = server.superuser() ? List.of() : notOwned(connection, tables);
            if (!server.superuser() && (!canCreateInDatabase(connection) || !notOwned.isEmpty())) {
                throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "Publication " + name + " does not exist and user " + server.user()
                        + " may not create it (that needs CREATE on the database and ownership of the tables"
                        + (notOwned.isEmpty() ? "" : "; it does not own " + notOwned.get(0) + (notOwned.size() > 1 ? " and others" : "")) + "). "
                        + "An administrator can run: " + plan.createSql());
            }
            findings.add("publication " + name + ": will be created " + plan.describe());
            return;
        }
        if (!publication.get().publishesEveryOperation()) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Publication " + name + " does not publish every operation. Run: "
                    + Publication.publishEverythingSql(name));
        }
        boolean ours = Publication.comment(connection, name).filter(m -> m.startsWith(Publication.CREATED_MARK)).isPresent();
        String newTables = plan.complete(publication.get(), scope, ours).description();
        List<TableId> missing = publication.get().missing(ids);
        if (missing.isEmpty()) {
            findings.add("publication " + name + ": exists and holds every captured table; " + newTables);
            return;
        }
        if (!server.superuser() && (!ownsPublication(connection, name) || !notOwned(connection, tables.stream()
                .filter(t -> missing.contains(t.tableId())).toList()).isEmpty())) {
            throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "Publication " + name + " lacks " + missing.size()
                    + " captured tables and user " + server.user() + " may not add them. An administrator can run: "
                    + Publication.addTablesSql(name, missing));
        }
        findings.add("publication " + name + ": exists; " + missing.size() + " captured tables will be added; " + newTables);
    }

    private static boolean canCreateInDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_catalog.has_database_privilege(current_database(), 'CREATE')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean ownsPublication(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_catalog.pg_has_role(pubowner, 'USAGE') FROM pg_catalog.pg_publication WHERE pubname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The tables the connected role does not own (directly or through a role it belongs to). */
    private List<TableId> notOwned(Connection connection, List<PostgresTable> tables) throws SQLException {
        Set<TableId> notOwned = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind = 'r' AND NOT pg_catalog.pg_has_role(c.relowner, 'USAGE')")) {
            while (rs.next()) {
                notOwned.add(TableId.of(options.database(), rs.getString(1), rs.getString(2)));
            }
        }
        return tables.stream().map(PostgresTable::tableId).filter(notOwned::contains).toList();
    }

    private String describeTable(Connection connection, CapturedTable table) throws SQLException {
        ChunkPlanner.ChunkPlan plan = planner().plan(connection, table);
        if (plan.layout().strategy() == Strategy.UNSUPPORTED) {
            throw new TributaryException(ErrorCode.SOURCE_TABLE_UNSUPPORTED, "Table " + table.tableId() + " cannot be captured: "
                    + plan.layout().reason().orElseThrow() + ". Exclude it with tables.exclude.");
        }
        String chunking = switch (plan.layout().strategy()) {
            case RANGES -> plan.evenRange().map(r -> "even key ranges of " + r.step()).orElse("sampled key boundaries")
                    + (table.schema().hasPrimaryKey() ? "" : " of column " + table.chunkKey());
            default -> "one chunk, because " + plan.layout().reason().orElse("of its key");
        };
        return "table " + table.tableId() + ": about " + table.estimatedRows() + " rows, about " + plan.estimatedChunks() + " chunks ("
                + chunking + ")";
    }
}
