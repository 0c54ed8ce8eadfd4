package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC sink writer must do on every target database, checked by reading the target
 * tables back. Each target's ITCase supplies a fresh database per test.
 */
abstract class JdbcSinkWriterScenarios {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final DataType INT = DataType.of(TypeKind.INTEGER);
    static final DataType TEXT = DataType.withLength(TypeKind.VARCHAR, 100);
    static final TableSchema ITEMS = new TableSchema(
            List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT)), List.of("id"));

    /** The database (MySQL) or schema (PostgreSQL) of this test's tables. */
    String namespace;
    TableId items;

    /** Creates an empty database for one test and returns the sink url for it. */
    abstract String createDatabase(String name);

    /** Namespace of tables the sink creates for {@code schema.table} ids. */
    abstract String namespaceFor(String database);

    abstract Connection connectAsAdmin(String database) throws SQLException;

    abstract String quote(String identifier);

    /** Closes the sink's connections from the server side, as a server restart or a proxy would. */
    abstract void killSinkConnections(String database) throws SQLException;

    abstract Map<String, String> adminCredentials();

    String database;
    String url;

    @BeforeEach
    void createTestDatabase() {
        database = "sinktest" + DATABASES.incrementAndGet();
        url = createDatabase(database);
        namespace = namespaceFor(database);
        items = TableId.ofSchemaTable(namespace, "items");
    }

    JdbcSinkConfig config(int bufferRows) {
        return new JdbcSinkConfig(url, withDialectDefaults(adminCredentials()), bufferRows, 2, true, false);
    }

    private Map<String, String> withDialectDefaults(Map<String, String> credentials) {
        Map<String, String> properties = new java.util.HashMap<>(JdbcDialect.forUrl(url).defaultDriverProperties());
        properties.putAll(credentials);
        return properties;
    }

    JdbcSinkWriter writer(int bufferRows) {
        return new JdbcSinkWriter(config(bufferRows), "test writer", new SimpleCounter());
    }

    static void writeAll(JdbcSinkWriter writer, List<? extends Event> events) throws Exception {
        for (Event event : events) {
            writer.write(event, null);
        }
        writer.flush(false);
    }

    static DataChangeEvent insert(TableId table, Object... row) {
        return DataChangeEvent.insert(table, row, 0);
    }

    static DataChangeEvent update(TableId table, Object... row) {
        return DataChangeEvent.update(table, Optional.empty(), row, 0);
    }

    static DataChangeEvent delete(TableId table, Object... row) {
        return DataChangeEvent.delete(table, row, 0);
    }

    List<List<Object>> rows(String table, String orderBy) throws SQLException {
        try (Connection connection = connectAsAdmin(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + quote(namespace) + "." + quote(table) + " ORDER BY " + orderBy)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    List<String> columnNames(String table) throws SQLException {
        try (Connection connection = connectAsAdmin(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + quote(namespace) + "." + quote(table) + " WHERE 1 = 0")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
            return names;
        }
    }

    @Test
    void collapsesChangesPerKeyWithinOneWrite() throws Exception {
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "apple", 1),
                    update(items, 1, "apple", 2),
                    insert(items, 2, "pear", 1),
                    delete(items, 2, "pear", 1),
                    delete(items, 3, "plum", 1),
                    insert(items, 3, "plum", 5),
                    delete(items, 3, "plum", 5),
                    insert(items, 3, "plum", 7)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "apple", 2), List.of(3, "plum", 7));
    }

    @Test
    void writesNothingBeforeTheBufferIsFullOrFlushedAndARepeatedCreateTableDoesNotFlush() throws Exception {
        try (JdbcSinkWriter writer = writer(3)) {
            writer.write(SchemaChangeEvent.createTable(items, ITEMS), null);
            writer.write(insert(items, 1, "a", 1), null);
            writer.write(SchemaChangeEvent.createTable(items, ITEMS), null);
            writer.write(insert(items, 2, "b", 1), null);
            assertThat(rows("items", "id")).isEmpty();
            writer.write(insert(items, 3, "c", 1), null);
            assertThat(rows("items", "id")).hasSize(3);
            writer.write(insert(items, 4, "d", 1), null);
            writer.flush(false);
            assertThat(rows("items", "id")).hasSize(4);
        }
    }

    @Test
    void replayingChangesAlreadyWrittenGivesTheSameTable() throws Exception {
        List<Event> changes = List.of(
                SchemaChangeEvent.createTable(items, ITEMS),
                insert(items, 1, "a", 1),
                insert(items, 2, "b", 1),
                update(items, 1, "a", 2),
                delete(items, 2, "b", 1),
                insert(items, 3, "c", 1),
                insert(items, 2, "b", 9),
                delete(items, 3, "c", 1));
        // A two-row buffer makes intermediate writes, as a crash between them would leave.
        try (JdbcSinkWriter writer = writer(2)) {
            writeAll(writer, changes);
        }
        List<List<Object>> once = rows("items", "id");
        for (int from = 1; from < changes.size(); from++) {
            try (JdbcSinkWriter restarted = writer(2)) {
                restarted.write(changes.get(0), null);
                writeAll(restarted, changes.subList(from, changes.size()));
            }
            assertThat(rows("items", "id")).as("replay from change %d", from).isEqualTo(once);
        }
        assertThat(once).containsExactly(List.of(1, "a", 2), List.of(2, "b", 9));
    }

    @Test
    void addsAndDropsColumns() throws Exception {
        TableSchema withColor = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT), new Column("color", TEXT.notNull())),
                List.of("id"));
        TableSchema withoutQty = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("color", TEXT.notNull())), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "apple", 1),
                    new SchemaChangeEvent(items, new SchemaChange.AddColumn(new Column("color", TEXT.notNull()), Optional.empty()), withColor),
                    insert(items, 2, "pear", 3, "green"),
                    new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty),
                    update(items, 1, "apple", "red")));
        }
        assertThat(columnNames("items")).containsExactly("id", "name", "color");
        assertThat(rows("items", "id")).containsExactly(List.of(1, "apple", "red"), List.of(2, "pear", "green"));
    }

    @Test
    void renamesAndWidensColumns() throws Exception {
        TableSchema renamed = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("title", TEXT), new Column("qty", INT)), List.of("id"));
        TableSchema widened = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("title", TEXT), new Column("qty", DataType.of(TypeKind.BIGINT))),
                List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "apple", 1),
                    new SchemaChangeEvent(items, new SchemaChange.RenameColumn("name", "title"), renamed),
                    new SchemaChangeEvent(items, new SchemaChange.AlterColumnType("qty", DataType.of(TypeKind.BIGINT)), widened),
                    insert(items, 2, "pear", 5_000_000_000L)));
            // Applying the same changes again (a restart) changes nothing.
            writeAll(writer, List.of(
                    new SchemaChangeEvent(items, new SchemaChange.RenameColumn("name", "title"), renamed),
                    new SchemaChangeEvent(items, new SchemaChange.AlterColumnType("qty", DataType.of(TypeKind.BIGINT)), widened)));
        }
        assertThat(columnNames("items")).containsExactly("id", "title", "qty");
        assertThat(rows("items", "id")).containsExactly(List.of(1, "apple", 1L), List.of(2, "pear", 5_000_000_000L));
    }

    @Test
    void createTableOnAnExistingTableAddsMissingColumnsAndDropsNone() throws Exception {
        try (Connection connection = connectAsAdmin(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + quote(namespace) + "." + quote("items") + " (id INT PRIMARY KEY, extra INT)");
            statement.execute("INSERT INTO " + quote(namespace) + "." + quote("items") + " VALUES (7, 70)");
        }
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), insert(items, 1, "apple", 1)));
        }
        assertThat(columnNames("items")).containsExactly("id", "extra", "name", "qty");
        assertThat(rows("items", "id")).containsExactly(Arrays.asList(1, null, "apple", 1), Arrays.asList(7, 70, null, null));
    }

    @Test
    void deleteInATableWithoutKeyRemovesExactlyOneOfTwoEqualRows() throws Exception {
        TableId log = TableId.ofSchemaTable(namespace, "log");
        TableSchema schema = new TableSchema(List.of(new Column("msg", TEXT), new Column("n", INT)), List.of());
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(log, schema),
                    insert(log, "same", 1),
                    insert(log, "same", 1),
                    insert(log, null, 2),
                    insert(log, null, 2)));
            writeAll(writer, List.of(
                    delete(log, "same", 1),
                    delete(log, null, 2),
                    DataChangeEvent.update(log, Optional.of(new Object[] {null, 2}), new Object[] {"was null", 3}, 0)));
        }
        assertThat(rows("log", "n")).containsExactly(List.of("same", 1), List.of("was null", 3));
    }

    @Test
    void unchangedValuesKeepTheTargetsValues() throws Exception {
        Object unchanged = UnchangedValue.INSTANCE;
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), insert(items, 1, "big text", 1), insert(items, 2, "other", 1)));
            // Written alone: only qty changes in the target.
            writeAll(writer, List.of(update(items, 1, unchanged, 2)));
            // In one buffer with the row's insert: merged into a full row.
            writeAll(writer, List.of(insert(items, 3, "fresh", 1), update(items, 3, unchanged, 4), update(items, 3, "renamed", unchanged)));
            // Two partial updates of a key in the target merge too.
            writeAll(writer, List.of(update(items, 2, unchanged, 8), update(items, 2, "changed", unchanged)));
            // A partial update of a row that is gone (as when replaying after its delete) changes nothing.
            writeAll(writer, List.of(update(items, 9, unchanged, 1)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "big text", 2), List.of(2, "changed", 8), List.of(3, "renamed", 4));
    }

    @Test
    void truncateEmptiesTheTable() throws Exception {
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "a", 1),
                    new SchemaChangeEvent(items, new SchemaChange.TruncateTable(), ITEMS),
                    insert(items, 2, "b", 1)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(2, "b", 1));
    }

    @Test
    void dropTableKeepsTheTargetTableByDefault() throws Exception {
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "a", 1),
                    new SchemaChangeEvent(items, new SchemaChange.DropTable(), ITEMS)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "a", 1));
    }

    @Test
    void writersApplyingTheSameCreateTableAtOnceBothSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            TableId table = TableId.ofSchemaTable(namespace + "_shared", "race" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int id = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    try (JdbcSinkWriter writer = writer(1000)) {
                        start.await();
                        writeAll(writer, List.of(SchemaChangeEvent.createTable(table, ITEMS), insert(table, id, "w" + id, 1)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            try (Connection connection = connectAsAdmin(database);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + quote(namespace + "_shared") + "." + quote("race" + round))) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void aRowOfATableWithoutSchemaFailsNamingTheTable() throws Exception {
        try (JdbcSinkWriter writer = writer(1000)) {
            assertThatThrownBy(() -> writer.write(insert(items, 1, "a", 1), null))
                    .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED))
                    .hasMessageContaining(items.identifier());
        }
    }

    @Test
    void aRefusedRowFailsNamingTableOperationAndKeyAndCommitsNothing() throws Exception {
        TableSchema strict = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT.notNull()), new Column("qty", INT)), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, strict)));
            writer.write(insert(items, 1, "fine", 1), null);
            writer.write(insert(items, 2, null, 1), null);
            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED))
                    .hasMessageContaining(namespace + ".items")
                    .hasMessageContaining("UPSERT")
                    .hasMessageContaining("key (id=2)");
        }
        assertThat(rows("items", "id")).isEmpty();
    }

    @Test
    void aLostConnectionIsReopenedAndTheWriteRetried() throws Exception {
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), insert(items, 1, "a", 1)));
            killSinkConnections(database);
            writeAll(writer, List.of(insert(items, 2, "b", 1)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "a", 1), List.of(2, "b", 1));
    }
}
