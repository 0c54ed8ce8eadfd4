package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.source.postgres.PostgresConnectionFactory;
import io.tributary.source.postgres.PostgresPosition;
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
 * as of each change it decodes) holds every captured table, and the logical slot exists. The
 * stream starts at the slot's confirmed position; a new slot's is its consistent point, before
 * which the snapshot epochs (all taken later) already see every commit.
 */
public final class PostgresStreamPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStreamPreparer.class);

    private final PostgresConnectionFactory connections;
    private final String database;
    private final String slotName;
    private final String publicationName;

    public PostgresStreamPreparer(PostgresConnectionFactory connections, String database, String slotName, String publicationName) {
        this.connections = requireNonNull(connections, "connections is null");
        this.database = requireNonNull(database, "database is null");
        this.slotName = requireNonNull(slotName, "slotName is null");
        this.publicationName = requireNonNull(publicationName, "publicationName is null");
    }

    public PostgresPosition prepare(List<TableId> tables) {
        try (Connection connection = connections.open()) {
            ensurePublication(connection, tables);
            return ensureSlot(connection);
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not prepare streaming from " + connections.describeServer() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Drops the slot if it exists and nobody streams from it. */
    public void dropSlot() {
        try (Connection connection = connections.open()) {
            Optional<ReplicationSlot> slot = ReplicationSlot.find(connection, slotName);
            if (slot.isPresent() && !slot.get().active()) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(?)")) {
                    statement.setString(1, slotName);
                    statement.execute();
                }
                LOG.info("Dropped replication slot {}", slotName);
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not drop replication slot " + slotName + ": " + e.getMessage()
                    + ". Drop it by hand so that it does not hold WAL: SELECT pg_drop_replication_slot('" + slotName + "')", e);
        }
    }

    private void ensurePublication(Connection connection, List<TableId> tables) throws SQLException {
        Optional<Publication> existing = Publication.find(connection, publicationName, database);
        if (existing.isEmpty()) {
            execute(connection, Publication.createSql(publicationName, tables), "create the publication");
            LOG.info("Created publication {} for {} tables", publicationName, tables.size());
            return;
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
