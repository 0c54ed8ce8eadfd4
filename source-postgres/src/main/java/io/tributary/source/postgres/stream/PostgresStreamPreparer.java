package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.source.postgres.PostgresConnectionFactory;
import io.tributary.source.postgres.PostgresPosition;
import io.tributary.source.jdbc.ThreePartTableFilter;
import io.tributary.source.postgres.catalog.PostgresServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the change stream readable: the publication (created first, because pgoutput looks it up
 * as of each change it decodes) holds every captured table, and, in the form {@link PublicationPlan}
 * chooses, the tables created later in their schemas; and the logical slot exists. The stream
 * starts at the slot's confirmed position; a new slot's is its consistent point, before which the
 * snapshot epochs (all taken later) already see every commit.
 */
public final class PostgresStreamPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStreamPreparer.class);

    private final PostgresConnectionFactory connections;
    private final String database;
    private final String slotName;
    private final String publicationName;
    private final ThreePartTableFilter filter;

    public PostgresStreamPreparer(PostgresConnectionFactory connections, String slotName, String publicationName, ThreePartTableFilter filter) {
        this.connections = requireNonNull(connections, "connections is null");
        this.filter = requireNonNull(filter, "filter is null");
        this.database = filter.database();
        this.slotName = requireNonNull(slotName, "slotName is null");
        this.publicationName = requireNonNull(publicationName, "publicationName is null");
    }

    /**
     * Prepares streaming for the {@code discovered} tables, the ones the snapshot reads.
     *
     * @param currentTables lists the tables {@code tables} matches now, once the slot exists
     */
    public PostgresPosition prepare(List<TableId> discovered, CurrentTables currentTables) {
        try (Connection connection = connections.open()) {
            boolean publishesNewTables = ensurePublication(connection, discovered);
            PostgresPosition start = ensureSlot(connection);
            if (publishesNewTables) {
                requireNoTableCreatedSinceDiscovery(discovered, currentTables.list());
            }
            return start;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not prepare streaming from " + connections.describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Adds tables that joined the pipeline to the publication (a publication that is gone is the stream's to report). */
    public void addToPublication(List<TableId> tables) {
        try (Connection connection = connections.open()) {
            if (Publication.find(connection, publicationName, database).isPresent()) {
                ensurePublication(connection, tables);
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not add " + tables + " to publication " + publicationName + " on "
                    + connections.describeServer() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops the slot once nothing streams from it (the pipeline's own stream lets go within
     * moments of its end), and says so; empty when there is no such slot.
     *
     * @throws TributaryException (STATE_IN_USE) when something else still streams from it
     */
    public List<String> dropSlot() {
        try (Connection connection = connections.open()) {
            Optional<ReplicationSlot> slot = awaitInactive(connection);
            if (slot.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(?)")) {
                statement.setString(1, slotName);
                statement.execute();
            }
            String line = "dropped replication slot " + slotName + " on " + connections.describeServer() + " (slot.drop-on-stop)";
            LOG.info("Dropped replication slot {} (slot.drop-on-stop)", slotName);
            return List.of(line);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not drop replication slot " + slotName + ": " + e.getMessage()
                    + ". Drop it by hand so that it does not hold WAL: SELECT pg_drop_replication_slot('" + slotName + "')", e);
        }
    }

    /**
     * Drops the slot and the publication if Tributary created them (the publication's comment
     * records both), and says what it left alone otherwise; refuses while the slot is in use.
     */
    public List<String> drop() {
        try (Connection connection = connections.open()) {
            Optional<String> mark = Publication.comment(connection, publicationName);
            boolean ownPublication = mark.filter(m -> m.startsWith(Publication.CREATED_MARK)).isPresent();
            boolean ownSlot = mark.filter((Publication.CREATED_MARK + Publication.SLOT_MARK + slotName)::equals).isPresent();
            List<String> lines = new java.util.ArrayList<>();
            Optional<ReplicationSlot> slot = awaitInactive(connection);
            String server = connections.describeServer();
            if (slot.isEmpty()) {
                lines.add("replication slot " + slotName + " on " + server + ": not there");
            } else if (ownSlot) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(?)")) {
                    statement.setString(1, slotName);
                    statement.execute();
                }
                lines.add("dropped replication slot " + slotName + " on " + server + " (it held " + slot.get().lagBytes() / (1024 * 1024)
                        + " MiB of WAL)");
            } else {
                lines.add("left alone: replication slot " + slotName + " on " + server + ", which this pipeline did not create; if nothing "
                        + "else uses it: SELECT pg_drop_replication_slot('" + slotName + "')");
            }
            if (mark.isEmpty() && Publication.find(connection, publicationName, database).isEmpty()) {
                lines.add("publication " + publicationName + ": not there");
            } else if (ownPublication) {
                execute(connection, Publication.dropSql(publicationName), "drop the publication");
                lines.add("dropped publication " + publicationName + " on " + server);
            } else {
                lines.add("left alone: publication " + publicationName + " on " + server + ", which this pipeline did not create");
            }
            lines.forEach(line -> LOG.info("Drop: {}", line));
            return lines;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not drop what pipeline streaming created on "
                    + connections.describeServer() + ": " + e.getMessage(), e);
        }
    }

    /** The slot once nothing streams from it; a process that just ended may hold it for a moment. */
    private Optional<ReplicationSlot> awaitInactive(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Optional<ReplicationSlot> slot = ReplicationSlot.find(connection, slotName);
            if (slot.isEmpty() || !slot.get().active()) {
                return slot;
            }
            if (System.nanoTime() > deadline) {
                throw new TributaryException(ErrorCode.STATE_IN_USE, "Replication slot " + slotName + " on " + connections.describeServer()
                        + " is in use: the pipeline, or another consumer, still streams from it. Stop it first, then drop again.");
            }
            try {
                Thread.sleep(200); // the walsender of a process that just ended lets go within moments
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TributaryException(ErrorCode.INTERNAL, "Interrupted while waiting for replication slot " + slotName, e);
            }
        }
    }

    /** The tables {@code tables} matches, as the catalog lists them now. */
    @FunctionalInterface
    public interface CurrentTables {
        List<TableId> list();
    }

    /**
     * A table created after discovery but before the publication covered it or before the slot's
     * consistent point would reach the stream without its first rows: the snapshot does not read
     * it, and the stream would take it for one created later. Starting again discovers it.
     */
    private void requireNoTableCreatedSinceDiscovery(List<TableId> discovered, List<TableId> current) {
        List<TableId> created = current.stream().filter(table -> !discovered.contains(table)).toList();
        if (!created.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Table " + created.get(0) + " was created while the pipeline was "
                    + "starting, after the tables to snapshot were listed; the pipeline starts again so that its snapshot includes it.");
        }
    }

    /** Creates the publication or completes an existing one; true when it publishes tables created later. */
    private boolean ensurePublication(Connection connection, List<TableId> tables) throws SQLException {
        PostgresServerInfo server = PostgresServerInfo.load(connection);
        PublicationScope scope = PublicationScope.load(connection, database, filter);
        PublicationPlan plan = PublicationPlan.choose(publicationName, tables, scope, server.versionNumber(), server.version(), server.superuser(),
                server.user());
        Optional<Publication> existing = Publication.find(connection, publicationName, database);
        if (existing.isEmpty()) {
            execute(connection, plan.createSql(), "create the publication");
            execute(connection, Publication.markCreatedSql(publicationName, Optional.empty()), "comment on the publication");
            LOG.info("Created publication {} {}", publicationName, plan.describe());
            return plan.publishesNewTables();
        }
        if (!existing.get().publishesEveryOperation()) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Publication " + publicationName + " does not publish every "
                    + "operation, so some changes would never reach the target. Run: " + Publication.publishEverythingSql(publicationName));
        }
        List<TableId> missing = existing.get().missing(tables);
        if (!missing.isEmpty()) {
            execute(connection, Publication.addTablesSql(publicationName, missing), "add the captured tables to the publication");
            LOG.info("Added {} tables to publication {}", missing.size(), publicationName);
        }
        return publishNewTables(connection, existing.get(), scope, plan);
    }

    /** Makes an existing publication publish tables created later where {@link PublicationPlan#complete} allows it. */
    private boolean publishNewTables(Connection connection, Publication existing, PublicationScope scope, PublicationPlan plan) throws SQLException {
        boolean ours = Publication.comment(connection, publicationName).filter(m -> m.startsWith(Publication.CREATED_MARK)).isPresent();
        PublicationPlan.Completion completion = plan.complete(existing, scope, ours);
        if (!completion.schemasToAdd().isEmpty()) {
            execute(connection, Publication.addSchemasSql(publicationName, completion.schemasToAdd()), "add schemas to the publication");
        }
        LOG.info("Publication {}: {}", publicationName, completion.description());
        return completion.publishesNewTables();
    }

    private void execute(Connection connection, String sql, String purpose) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User " + connection.getMetaData().getUserName()
                        + " may not " + purpose + " (" + e.getMessage() + "). An administrator (owner of the tables) can run: " + sql, e);
            }
            throw e;
        }
    }

    private PostgresPosition ensureSlot(Connection connection) throws SQLException {
        Optional<ReplicationSlot> existing = ReplicationSlot.find(connection, slotName);
        if (existing.isPresent()) {
            ReplicationSlot slot = checkUsable(existing.get());
            LOG.info("Streaming from existing replication slot {} at {}", slotName, slot.confirmedFlush());
            return PostgresPosition.at(slot.confirmedFlushLsn());
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT lsn::text FROM pg_catalog.pg_create_logical_replication_slot(?, 'pgoutput')")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                String lsn = rs.getString(1);
                LOG.info("Created replication slot {} at {}", slotName, lsn);
                if (Publication.comment(connection, publicationName).filter(Publication.CREATED_MARK::equals).isPresent()) {
                    // Created along with our publication: recorded there, so that 'tributary drop' may remove it.
                    execute(connection, Publication.markCreatedSql(publicationName, Optional.of(slotName)), "comment on the publication");
                }
                return PostgresPosition.at(LogSequenceNumber.valueOf(lsn).asLong());
            }
        } catch (SQLException e) {
            throw slotCreationFailure(connection, e);
        }
    }

    private ReplicationSlot checkUsable(ReplicationSlot slot) {
        if (!slot.isLogical() || !"pgoutput".equals(slot.plugin()) || !database.equals(slot.database())) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Replication slot " + slotName + " exists but is "
                    + (slot.isLogical() ? "a " + slot.plugin() + " slot of database " + slot.database() : "a physical slot")
                    + "; this source needs a pgoutput slot of database " + database + ". Choose another slot.name, or drop the slot if "
                    + "nothing uses it: SELECT pg_drop_replication_slot('" + slotName + "')");
        }
        if (slot.lost()) {
            throw new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "Replication slot " + slotName + " has lost WAL it needed "
                    + "(max_slot_wal_keep_size was exceeded), so changes are missing. Drop the slot, empty the state directory and the target, "
                    + "and start the pipeline again to snapshot afresh.");
        }
        return slot;
    }

    private TributaryException slotCreationFailure(Connection connection, SQLException e) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        switch (state) {
            case "42710":
                return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Replication slot " + slotName
                        + " was created by someone else at the same time; make sure only one pipeline uses this slot.name.", e);
            case "53400":
                return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Cannot create replication slot " + slotName + ": " + e.getMessage()
                        + ". Drop unused slots (SELECT slot_name FROM pg_replication_slots WHERE NOT active) or raise max_replication_slots "
                        + "and restart the server.", e);
            case "55000":
                return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Cannot create replication slot " + slotName + ": " + e.getMessage()
                        + ". Run ALTER SYSTEM SET wal_level = logical; and restart the server.", e);
            case "42501":
                String user = connection.getMetaData().getUserName();
                return new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "User " + user + " may not create replication slots ("
                        + e.getMessage() + "). An administrator can run: ALTER ROLE " + user + " REPLICATION", e);
            default:
                throw e;
        }
    }
}
