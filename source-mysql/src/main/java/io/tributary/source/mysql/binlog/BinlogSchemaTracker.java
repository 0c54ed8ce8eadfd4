package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.mysql.MySqlConnectionFactory;
import io.tributary.source.mysql.MySqlTableFilter;
import io.tributary.source.mysql.catalog.MySqlCatalog;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of every captured table as of the reader's place in the binlog: the binlog column
 * definitions loaded when the reader starts, the table each TABLE_MAP number stands for, and the
 * schema changes a DDL statement makes (tables created into the patterns are captured from then on).
 *
 * <p>Once the reader has started, only the replication client's thread touches it.
 */
final class BinlogSchemaTracker {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogSchemaTracker.class);
    private static final Pattern TINYINT1 = Pattern.compile("\\b(?:tinyint\\s*\\(\\s*1\\s*\\)|bool(?:ean)?)\\b", Pattern.CASE_INSENSITIVE);

    private final MySqlConnectionFactory connections;
    private final ServerFlavor flavor;
    private final MySqlTableFilter tableFilter;
    private final Map<TableId, TableSchema> initialSchemas;
    private final Map<TableId, BinlogValues> tables = new HashMap<>();
    /** The table each binlog table number maps to, from the TABLE_MAP event before its rows. */
    private final Map<Long, TableId> tableNumbers = new HashMap<>();
    private final boolean tinyint1AsBoolean;

    BinlogSchemaTracker(MySqlConnectionFactory connections, ServerFlavor flavor, MySqlTableFilter tableFilter, Map<TableId, TableSchema> schemas,
            boolean tinyint1AsBoolean) {
        this.tinyint1AsBoolean = tinyint1AsBoolean;
        this.connections = requireNonNull(connections, "connections is null");
        this.flavor = requireNonNull(flavor, "flavor is null");
        this.tableFilter = requireNonNull(tableFilter, "tableFilter is null");
        this.initialSchemas = Map.copyOf(requireNonNull(schemas, "schemas is null"));
    }

    /** Reads the binlog column definitions of the captured tables; called once, before the first event. */
    void load() {
        try (Connection connection = connections.open()) {
            MySqlCatalog catalog = new MySqlCatalog(connection, flavor, tinyint1AsBoolean);
            for (Map.Entry<TableId, TableSchema> table : initialSchemas.entrySet()) {
                tables.put(table.getKey(), new BinlogValues(table.getKey(), table.getValue(), catalog.binlogColumns(table.getKey()), flavor));
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the column definitions of the captured tables on "
                    + connections.describeServer() + ": " + e.getMessage(), e);
        }
    }

    void onTableMap(TableMapEventData data) {
        tableNumbers.put(data.getTableId(), TableId.ofDatabaseTable(data.getDatabase(), data.getTable()));
    }

    /** The captured table a row event's table number stands for, or empty when it is not captured. */
    Optional<CapturedValues> valuesOf(long tableNumber) {
        TableId tableId = tableNumbers.get(tableNumber);
        if (tableId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tables.get(tableId)).map(values -> new CapturedValues(tableId, values));
    }

    /** A captured table and the decoder of its row images. */
    record CapturedValues(TableId tableId, BinlogValues values) {}

    /** The schema changes {@code sql} makes to captured tables, applied to the tracked schemas. */
    List<SchemaChangeEvent> apply(DdlStatement ddl, String sql) {
        List<SchemaChangeEvent> events = new ArrayList<>();
        try (Connection connection = connections.open()) {
            MySqlCatalog catalog = new MySqlCatalog(connection, flavor, tinyint1AsBoolean);
            switch (ddl.kind()) {
                case ALTER -> altered(catalog, ddl, sql, events);
                case CREATE -> created(catalog, ddl.tables().get(0), events);
                case TRUNCATE -> {
                    TableId table = ddl.tables().get(0);
                    if (tables.containsKey(table)) {
                        events.add(new SchemaChangeEvent(table, new SchemaChange.TruncateTable(), tables.get(table).schema()));
                    }
                }
                case DROP -> {
                    for (TableId table : ddl.tables()) {
                        BinlogValues dropped = tables.remove(table);
                        if (dropped != null) {
                            events.add(new SchemaChangeEvent(table, new SchemaChange.DropTable(), dropped.schema()));
                        }
                    }
                }
                case RENAME -> {
                    for (int i = 0; i + 1 < ddl.tables().size(); i += 2) {
                        TableId from = ddl.tables().get(i);
                        BinlogValues renamed = tables.remove(from);
                        if (renamed != null) {
                            events.add(new SchemaChangeEvent(from, new SchemaChange.DropTable(), renamed.schema()));
                        }
                        created(catalog, ddl.tables().get(i + 1), events);
                    }
                }
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not read the definition of " + ddl.tables() + " after a DDL "
                    + "statement in the binlog: " + e.getMessage(), e);
        }
        return events;
    }

    private void altered(MySqlCatalog catalog, DdlStatement ddl, String sql, List<SchemaChangeEvent> events) throws SQLException {
        TableId table = ddl.tables().get(0);
        BinlogValues known = tables.get(table);
        if (known == null) {
            return;
        }
        // The clause parser maps TINYINT(1) as Flink CDC's default does; otherwise the server's definition decides.
        boolean parserMapsAsConfigured = tinyint1AsBoolean || !TINYINT1.matcher(sql).find();
        Optional<List<SchemaChangeEvent>> parsed = parserMapsAsConfigured ? AlterTableClauses.apply(table, known.schema(), sql) : Optional.empty();
        if (parsed.isPresent()) {
            events.addAll(parsed.get());
        } else {
            // Correct unless the reader is behind a later ALTER of the same table.
            LOG.info("Taking the server's current definition of {} for a statement whose clauses the reader does not follow "
                    + "(exact unless a later ALTER of that table is still ahead in the binlog): {}", table, sql);
            events.addAll(TableChanges.between(table, known.schema(), catalog.schema(table), ddl.columnRenames()));
        }
        TableSchema after = events.isEmpty() ? known.schema() : events.get(events.size() - 1).schemaAfter();
        tables.put(table, new BinlogValues(table, after, catalog.binlogColumns(table), flavor));
    }

    /** A table created (or renamed into the patterns) while streaming is captured from its first row. */
    private void created(MySqlCatalog catalog, TableId table, List<SchemaChangeEvent> events) throws SQLException {
        String database = table.database().orElseThrow();
        if (!tableFilter.matches(database, table.table()) || tables.containsKey(table)) {
            return;
        }
        TableSchema schema = catalog.schema(table);
        if (schema.columns().isEmpty()) {
            return; // dropped again before the reader got here
        }
        tables.put(table, new BinlogValues(table, schema, catalog.binlogColumns(table), flavor));
        events.add(SchemaChangeEvent.createTable(table, schema));
        LOG.info("Capturing {}, created while streaming", table);
    }
}
