package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.sql.Array;
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

/** The JDBC sink writer against a real PostgreSQL server. */
class PostgresJdbcSinkWriterITCase extends JdbcSinkWriterScenarios {
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start(false);
        server.requirePasswords();
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
        return "public";
    }

    @Override
    Connection connectAsAdmin(String database) throws SQLException {
        return server.connect(database);
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    Map<String, String> adminCredentials() {
        return Map.of("user", TestingPostgresServer.SUPERUSER);
    }

    @Override
    void createUserWhoCanOnlyRead(String user, String table) {
        server.execute("postgres", "CREATE ROLE " + user + " LOGIN PASSWORD 'secret'");
        server.execute(database, "GRANT SELECT ON public." + table + " TO " + user);
    }

    @Override
    void killSinkConnections(String database) throws SQLException {
        try (Connection connection = server.connect("postgres");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tributary' AND datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as("a sink connection to kill").isTrue();
            }
        }
    }

    @Test
    void everyTypeIsCreatedAndReadBackEqual() throws Exception {
        TableId table = TableId.ofSchemaTable("typed", "all_types");
        List<Column> columns = List.of(
                new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
                new Column("c_boolean", DataType.of(TypeKind.BOOLEAN)),
                new Column("c_smallint", DataType.of(TypeKind.SMALLINT)),
                new Column("c_bigint", DataType.of(TypeKind.BIGINT)),
                new Column("c_float", DataType.of(TypeKind.FLOAT)),
                new Column("c_double", DataType.of(TypeKind.DOUBLE)),
                new Column("c_decimal", DataType.decimal(12, 3)),
                new Column("c_numeric", DataType.of(TypeKind.DECIMAL)),
                new Column("c_char", DataType.withLength(TypeKind.CHAR, 3)),
                new Column("c_varchar", DataType.withLength(TypeKind.VARCHAR, 20)),
                new Column("c_text", DataType.of(TypeKind.TEXT)),
                new Column("c_bytes", DataType.of(TypeKind.BYTES)),
                new Column("c_date", DataType.of(TypeKind.DATE)),
                new Column("c_time", DataType.temporal(TypeKind.TIME, 6)),
                new Column("c_timestamp", DataType.temporal(TypeKind.TIMESTAMP, 6)),
                new Column("c_timestamp_tz", DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)),
                new Column("c_uuid", DataType.of(TypeKind.UUID)),
                new Column("c_json", DataType.of(TypeKind.JSON)),
                new Column("c_int_array", DataType.arrayOf(DataType.of(TypeKind.INTEGER))),
                new Column("c_text_array", DataType.arrayOf(DataType.of(TypeKind.TEXT))),
                new Column("c_date_array", DataType.arrayOf(DataType.of(TypeKind.DATE))),
                new Column("c_nested_array", DataType.arrayOf(DataType.arrayOf(DataType.of(TypeKind.INTEGER)))));
        TableSchema schema = new TableSchema(columns, List.of("id"));
        Object[] full = {
            1, true, (short) -7, 9_000_000_000L, 1.5f, -2.25d, new BigDecimal("12345.678"), new BigDecimal("3.14159265358979323846264338327950288"),
            "abc", "varying", "long text \u00e9\u4e2d", new byte[] {0, 1, (byte) 0xff}, LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58, 123_456_000),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000), OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 600_000_000, ZoneOffset.UTC),
            UUID.fromString("0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e"), "{\"a\": [1, 2], \"b\": \"x\"}",
            Arrays.asList(1, null, 3), List.of("x", "y \"quoted\"", "{braces}"), List.of(LocalDate.of(2020, 1, 1)),
            List.of(List.of(1, 2), List.of(3))
        };
        Object[] empty = new Object[columns.size()];
        empty[0] = 2;
        try (JdbcSinkWriter writer = writer(1000)) {
            writeAll(writer, List.of(SchemaChangeEvent.createTable(table, schema), insert(table, full), insert(table, empty)));
        }
        try (Connection connection = server.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM typed.all_types ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(readRow(rs, columns)).usingRecursiveFieldByFieldElementComparator().containsExactly(normalizedForPostgres(full));
            assertThat(rs.next()).isTrue();
            assertThat(readRow(rs, columns)).containsExactly(empty);
        }
    }

    /** The values as PostgreSQL gives them back: jsonb keeps its own spacing, nested arrays are JSON. */
    private static Object[] normalizedForPostgres(Object[] row) {
        Object[] expected = row.clone();
        expected[expected.length - 1] = "[[1, 2], [3]]";
        return expected;
    }

    private static Object[] readRow(ResultSet rs, List<Column> columns) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            DataType type = columns.get(i).type();
            if (type.kind() == TypeKind.ARRAY && type.elementType().orElseThrow().kind() != TypeKind.ARRAY) {
                Array array = rs.getArray(i + 1);
                row[i] = array == null ? null : toList((Object[]) array.getArray(), type.elementType().orElseThrow().kind());
            } else if (type.kind() == TypeKind.ARRAY || type.kind() == TypeKind.JSON) {
                row[i] = rs.getString(i + 1);
            } else {
                row[i] = rs.getObject(i + 1, type.kind().javaClass());
            }
        }
        return row;
    }

    private static List<Object> toList(Object[] elements, TypeKind kind) {
        List<Object> list = new ArrayList<>();
        for (Object element : elements) {
            list.add(element instanceof java.sql.Date date && kind == TypeKind.DATE ? date.toLocalDate() : element);
        }
        return list;
    }

    @Test
    void validationReportsTheServerAndTheTargetSchema() {
        JdbcSink sink = new JdbcSink(config(10), "p");
        assertThat(sink.validate().findings()).anySatisfy(f -> assertThat(f).startsWith("PostgreSQL ").contains("127.0.0.1:" + server.port()))
                .anySatisfy(f -> assertThat(f).isEqualTo("user can create tables in public"));
    }

    @Test
    void validationOfAnUnreachableHostSaysWhereItTriedToConnect() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JdbcSinkConfig config = new JdbcSinkConfig("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", Map.of("user", "postgres"), 10, 0, true, false, false);
        assertThatThrownBy(() -> new JdbcSink(config, "p").validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_UNREACHABLE))
                .hasMessageStartingWith("cannot connect to 127.0.0.1:" + closedPort + ": ")
                .hasMessageEndingWith("; check url and that the server is running.");
    }

    @Test
    void validationWithAWrongPasswordFailsAsAuthentication() {
        server.execute("postgres", "CREATE ROLE wrongpass_user LOGIN PASSWORD 'right'");
        JdbcSinkConfig config = new JdbcSinkConfig(url, Map.of("user", "wrongpass_user", "password", "wrong"), 10, 0, true, false, false);
        assertThatThrownBy(() -> new JdbcSink(config, "p").validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_AUTHENTICATION_FAILED))
                .hasMessageContaining("wrongpass_user")
                .hasMessageContaining("check the sink's username and password");
    }

    @Test
    void validationFailsWhenTheUserCannotCreateTablesAndPassesOnceGranted() {
        server.execute("postgres", "CREATE ROLE " + database + "_writer LOGIN PASSWORD 'secret'");
        server.execute(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        JdbcSinkConfig config = new JdbcSinkConfig(url, Map.of("user", database + "_writer", "password", "secret"), 10, 0, true, false, false);
        Throwable refused = catchThrowable(() -> new JdbcSink(config, "p").validate());
        assertThat(refused).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_PRIVILEGE_MISSING))
                .hasMessageContaining("cannot create tables in public")
                .hasMessageContaining("GRANT CREATE ON SCHEMA \"public\" TO \"" + database + "_writer\"")
                .hasMessageContaining("table.create.enabled: false");
        server.execute(database, statementsToRun(refused));
        assertThat(new JdbcSink(config, "p").validate().findings()).contains("user can create tables in public");
    }
}
