package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.metrics.SinkMetrics;
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
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
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

    /** Creates a login {@code user} with password {@code secret} who may only read the test's table. */
    abstract void createUserWhoCanOnlyRead(String user, String table);

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
        return config(bufferRows, Map.of());
    }

    /** The config of a sink block with the admin's credentials, these buffer rows and the given options. */
    JdbcSinkConfig config(int bufferRows, Map<String, String> options) {
        Map<String, String> block = new HashMap<>();
        block.put("url", url);
        block.put("sink.buffer-flush.max-rows", Integer.toString(bufferRows));
        block.put("sink.max-retries", "2");
        adminCredentials().forEach((key, value) -> block.put(JdbcSinkOptions.DRIVER_PROPERTIES_PREFIX + key, value));
        block.putAll(options);
        return JdbcSinkFactory.configFrom(Configuration.fromMap(block));
    }

    JdbcSinkWriter writer(int bufferRows) {
        return writer(bufferRows, Map.of());
    }

    JdbcSinkWriter writer(int bufferRows, Map<String, String> options) {
        return new JdbcSinkWriter(config(bufferRows, options), "test writer", new SimpleCounter(), new SinkMetrics(new UnregisteredMetricsGroup()));
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

    void executeAsAdmin(String... sql) throws SQLException {
        try (Connection connection = connectAsAdmin(database); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /**
     * The error inside a failure no restart can fix: the writer marks it so that the job ends at
     * once instead of retrying (a missing grant stays missing).
     */
    static TributaryException fatal(Throwable failure) {
        assertThat(failure).as("a failure that ends the job without restarts").isInstanceOf(SuppressRestartsException.class);
        return TributaryException.findIn(failure).orElseThrow(() -> new AssertionError("no TributaryException in " + failure));
    }

    /** The statements a privilege error tells an administrator to run. */
    static String[] statementsToRun(Throwable failure) {
        Matcher matcher = Pattern.compile("Have an administrator run: (.*?); (then|or) ").matcher(failure.getMessage());
        assertThat(matcher.find()).as("statements in: %s", failure.getMessage()).isTrue();
        return matcher.group(1).split("; ");
    }

    boolean isNullable(String table, String column) throws SQLException {
        try (Connection connection = connectAsAdmin(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + quote(column) + " FROM " + quote(namespace) + "." + quote(table) + " WHERE 1 = 0")) {
            return rs.getMetaData().isNullable(1) == ResultSetMetaData.columnNullable;
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
    void addsColumnsAndKeepsADroppedColumnNullableByDefault() throws Exception {
        TableSchema strictQty = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT.notNull())), List.of("id"));
        TableSchema withColor = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("name", TEXT),
                new Column("qty", INT.notNull()), new Column("color", TEXT.notNull())), List.of("id"));
        TableSchema withoutQty = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("color", TEXT.notNull())), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, strictQty),
                    insert(items, 1, "apple", 1),
                    new SchemaChangeEvent(items, new SchemaChange.AddColumn(new Column("color", TEXT.notNull()), Optional.empty()), withColor),
                    insert(items, 2, "pear", 3, "green"),
                    new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty),
                    update(items, 1, "apple", "red"),
                    insert(items, 3, "plum", "blue")));
            // Applying the drop again (a restart, or another writer) changes nothing.
            writeAll(writer, List.of(new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty)));
        }
        assertThat(columnNames("items")).containsExactly("id", "name", "qty", "color");
        assertThat(isNullable("items", "qty")).isTrue();
        assertThat(rows("items", "id")).containsExactly(
                List.of(1, "apple", 1, "red"), List.of(2, "pear", 3, "green"), Arrays.asList(3, "plum", null, "blue"));
    }

    @Test
    void dropsADroppedColumnWhenEnabled() throws Exception {
        TableSchema withoutQty = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("name", TEXT)), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000, Map.of("schema-change.drop-column.enabled", "true"))) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(items, ITEMS),
                    insert(items, 1, "apple", 1),
                    new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty),
                    update(items, 1, "red apple"),
                    new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty)));
        }
        assertThat(columnNames("items")).containsExactly("id", "name");
        assertThat(rows("items", "id")).containsExactly(List.of(1, "red apple"));
    }

    @Test
    void aWriterStillOnTheOldSchemaKeepsWritingAfterAnotherWriterAppliedADropColumn() throws Exception {
        TableSchema strictQty = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT.notNull())), List.of("id"));
        TableSchema withoutQty = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("name", TEXT)), List.of("id"));
        SchemaChangeEvent dropQty = new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty);
        try (JdbcSinkWriter writerA = writer(1000); JdbcSinkWriter writerB = writer(1000)) {
            writeAll(writerA, List.of(SchemaChangeEvent.createTable(items, strictQty), insert(items, 1, "apple", 1)));
            writeAll(writerB, List.of(SchemaChangeEvent.createTable(items, strictQty), insert(items, 2, "pear", 2)));
            writeAll(writerA, List.of(dropQty, insert(items, 3, "plum")));
            // Writer B has not reached the drop yet: it still writes qty, into the kept column.
            writeAll(writerB, List.of(update(items, 1, "apple", 5), insert(items, 4, "fig", 7)));
            writeAll(writerB, List.of(dropQty, update(items, 4, "green fig")));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "apple", 5), List.of(2, "pear", 2), Arrays.asList(3, "plum", null),
                List.of(4, "green fig", 7));
    }

    @Test
    void keepsADroppedColumnAsItIsWhenItHasADefaultOrIsInTheTargetsKey() throws Exception {
        TableId counts = TableId.ofSchemaTable(namespace, "counts");
        executeAsAdmin("CREATE TABLE " + quote(namespace) + "." + quote("counts")
                + " (id INT NOT NULL, k INT NOT NULL, d INT NOT NULL DEFAULT 5, n INT NOT NULL, PRIMARY KEY (id, k))");
        Column id = new Column("id", INT.notNull());
        Column k = new Column("k", INT.notNull());
        TableSchema all = new TableSchema(List.of(id, k, new Column("d", INT.notNull()), new Column("n", INT.notNull())), List.of("id", "k"));
        TableSchema withoutD = new TableSchema(List.of(id, k, new Column("n", INT.notNull())), List.of("id", "k"));
        TableSchema keyOnly = new TableSchema(List.of(id, k), List.of("id", "k"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(counts, all),
                    new SchemaChangeEvent(counts, new SchemaChange.DropColumn("d"), withoutD),
                    new SchemaChangeEvent(counts, new SchemaChange.DropColumn("n"), keyOnly),
                    insert(counts, 1, 1),
                    new SchemaChangeEvent(counts, new SchemaChange.DropColumn("k"), new TableSchema(List.of(id), List.of("id")))));
        }
        assertThat(isNullable("counts", "d")).isFalse();
        assertThat(isNullable("counts", "n")).isTrue();
        assertThat(isNullable("counts", "k")).isFalse();
        assertThat(rows("counts", "id")).containsExactly(Arrays.asList(1, 1, 5, null));
    }

    @Test
    void missingPrivilegesFailWithTheStatementsThatGrantThem() throws Exception {
        String user = database + "_limited";
        executeAsAdmin("CREATE TABLE " + quote(namespace) + "." + quote("items") + " (id INT PRIMARY KEY, name VARCHAR(100), qty INT)");
        createUserWhoCanOnlyRead(user, "items");
        Map<String, String> asUser = Map.of("username", user, "password", "secret", "table.create.enabled", "false");
        TableSchema withColor = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT),
                new Column("color", TEXT)), List.of("id"));
        SchemaChangeEvent addColor = new SchemaChangeEvent(items, new SchemaChange.AddColumn(new Column("color", TEXT), Optional.empty()), withColor);
        try (JdbcSinkWriter writer = writer(1000, asUser)) {
            writer.write(SchemaChangeEvent.createTable(items, ITEMS), null);
            writer.write(insert(items, 1, "a", 1), null);
            Throwable refused = fatal(catchThrowable(() -> writer.flush(false)));
            assertThat(refused).isInstanceOfSatisfying(TributaryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_PRIVILEGE_MISSING))
                    .hasMessageContaining(namespace + ".items")
                    .hasMessageContaining("GRANT SELECT, INSERT, UPDATE, DELETE ON ");
            executeAsAdmin(statementsToRun(refused));
        }
        try (JdbcSinkWriter writer = writer(1000, asUser)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), insert(items, 1, "a", 1)));
            Throwable refused = fatal(catchThrowable(() -> writer.write(addColor, null)));
            assertThat(refused).isInstanceOfSatisfying(TributaryException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_PRIVILEGE_MISSING)).hasMessageContaining("AddColumn");
            executeAsAdmin(statementsToRun(refused));
        }
        try (JdbcSinkWriter writer = writer(1000, asUser)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), addColor, insert(items, 2, "b", 2, "red")));
        }
        assertThat(rows("items", "id")).containsExactly(Arrays.asList(1, "a", 1, null), List.of(2, "b", 2, "red"));
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
    void documentsLandAsJsonThatReadsBackAsTheDocument() throws Exception {
        TableId docs = TableId.ofSchemaTable(namespace, "docs");
        TableSchema schema = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("doc", DataType.of(TypeKind.DOCUMENT))), List.of("id"));
        Map<String, Object> address = new java.util.LinkedHashMap<>();
        address.put("city", "Zürich");
        address.put("zip", 8001);
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("name", "ada");
        document.put("tags", List.of("a", "b"));
        document.put("address", address);
        document.put("score", 9.5);
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(docs, schema), insert(docs, 1, document), insert(docs, 2, null), insert(docs, 3, Map.of())));
            writeAll(writer, List.of(delete(docs, 3, Map.of())));
        }
        List<List<Object>> rows = rows("docs", "id");
        assertThat(rows).hasSize(2);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(rows.get(0).get(1).toString())).isEqualTo(json.readTree(
                "{\"name\":\"ada\",\"tags\":[\"a\",\"b\"],\"address\":{\"city\":\"Zürich\",\"zip\":8001},\"score\":9.5}"));
        assertThat(rows.get(1).get(1)).isNull();
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
    void writersApplyingTheSameDropColumnAtOnceAllSucceed() throws Exception {
        TableSchema strictQty = new TableSchema(
                List.of(new Column("id", INT.notNull()), new Column("name", TEXT), new Column("qty", INT.notNull())), List.of("id"));
        TableSchema withoutQty = new TableSchema(List.of(new Column("id", INT.notNull()), new Column("name", TEXT)), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, strictQty)));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int id = w;
            writers.add(CompletableFuture.runAsync(() -> {
                try (JdbcSinkWriter writer = writer(1000)) {
                    writer.write(SchemaChangeEvent.createTable(items, strictQty), null);
                    start.await();
                    writeAll(writer, List.of(new SchemaChangeEvent(items, new SchemaChange.DropColumn("qty"), withoutQty), insert(items, id, "w" + id)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(isNullable("items", "qty")).isTrue();
        assertThat(rows("items", "id")).containsExactly(Arrays.asList(0, "w0", null), Arrays.asList(1, "w1", null), Arrays.asList(2, "w2", null));
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
