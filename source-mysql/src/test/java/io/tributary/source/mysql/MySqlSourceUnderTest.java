package io.tributary.source.mysql;

import io.tributary.core.model.TableId;
import io.tributary.core.source.contract.JdbcSourceUnderTest;
import io.tributary.core.source.contract.SerializerFixture;
import io.tributary.core.source.contract.TableSpec;
import io.tributary.core.source.contract.TypeSample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The MySQL/MariaDB source under the contract: one database per namespace, written and read by
 * an account that may also read the binlog. Text columns are VARCHAR in the server's default
 * collation (case-insensitive on both servers), so chunk boundaries follow that collation.
 */
final class MySqlSourceUnderTest extends JdbcSourceUnderTest {
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(7100);

    /** Where the server listens and whom to connect as; {@code jdbcUrl} is the URL of a database, without it for none. */
    record Server(String host, int port, String user, String password, String jdbcUrlPrefix, String urlSuffix, boolean mariaDb) {}

    private final Server server;
    private final Map<String, String> serverIds = new HashMap<>();

    MySqlSourceUnderTest(Server server) {
        this.server = server;
    }

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public void createNamespace(String namespace) {
        execute("", "CREATE DATABASE " + quote(namespace));
    }

    @Override
    public void dropNamespace(String namespace) {
        execute("", "DROP DATABASE IF EXISTS " + quote(namespace));
    }

    @Override
    protected Connection connect(String namespace) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrlPrefix() + namespace + server.urlSuffix(), server.user(), server.password());
    }

    @Override
    protected String qualified(String namespace, String table) {
        return quote(namespace) + "." + quote(table);
    }

    @Override
    protected String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    protected String sqlType(TableSpec.ValueKind kind) {
        return switch (kind) {
            case INTEGER -> "INT";
            // TEXT cannot be a key without a prefix length; VARCHAR in the default collation can.
            case TEXT -> "VARCHAR(100)";
        };
    }

    @Override
    public TableId tableId(String namespace, String table) {
        return TableId.ofDatabaseTable(namespace, table);
    }

    /** Each namespace's pipeline gets its own replica server id, kept across its restarts. */
    @Override
    public Map<String, String> sourceOptions(String namespace, List<String> tables) {
        Map<String, String> options = new HashMap<>();
        options.put("hostname", server.host());
        options.put("port", Integer.toString(server.port()));
        options.put("username", server.user());
        options.put("password", server.password());
        options.put("tables", tables.stream().map(t -> namespace + "." + t).collect(Collectors.joining(",")));
        options.put("server-id", serverIds.computeIfAbsent(namespace, n -> Integer.toString(SERVER_IDS.incrementAndGet())));
        options.put("heartbeat.interval", "1s");
        return options;
    }

    @Override
    public Optional<Map<String, String>> specificOffsetAtCurrentEnd() {
        // MySQL 8.4 renamed SHOW MASTER STATUS.
        for (String statement : new String[] {"SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"}) {
            try (Connection connection = connect(""); Statement query = connection.createStatement(); ResultSet rs = query.executeQuery(statement)) {
                if (rs.next()) {
                    return Optional.of(Map.of("scan.startup.specific-offset.file", rs.getString(1), "scan.startup.specific-offset.pos", rs.getString(2)));
                }
            } catch (SQLException e) {
                // try the other spelling
            }
        }
        throw new IllegalStateException("the server reports no binlog position; is log-bin on?");
    }

    /** Every row of MySqlTypes' mapping, with the edges of each (unsigned maxima, zero dates on MariaDB, charsets). */
    @Override
    public List<TypeSample> typeSamples() {
        List<TypeSample> samples = new ArrayList<>(List.of(
                TypeSample.of("TINYINT(1)", "1", "0"),
                TypeSample.of("BOOLEAN", "TRUE"),
                TypeSample.of("BIT(1)", "b'1'", "b'0'"),
                TypeSample.of("TINYINT", "-128", "127"),
                TypeSample.of("TINYINT UNSIGNED", "255", "0"),
                TypeSample.of("SMALLINT", "-32768", "32767"),
                TypeSample.of("SMALLINT UNSIGNED", "65535"),
                TypeSample.of("MEDIUMINT", "-8388608", "8388607"),
                TypeSample.of("MEDIUMINT UNSIGNED", "16777215"),
                TypeSample.of("INT", "-2147483648", "2147483647"),
                TypeSample.of("INT UNSIGNED", "4294967295"),
                TypeSample.of("BIGINT", "-9223372036854775808", "9223372036854775807"),
                TypeSample.of("BIGINT UNSIGNED", "18446744073709551615", "0"),
                TypeSample.of("DECIMAL(10,3)", "1234567.891", "-0.001", "0"),
                TypeSample.of("DECIMAL(65,30)", "12345678901234567890123456789012345.123456789012345678901234567890"),
                TypeSample.of("NUMERIC(5,0)", "-99999"),
                TypeSample.of("FLOAT", "1.5", "-3.4e38", "1.17549435e-38"),
                TypeSample.of("DOUBLE", "3.141592653589793", "1e-300", "-1.7976931348623157e308"),
                TypeSample.of("BIT(12)", "b'101010101010'", "b'0'"),
                TypeSample.of("BIT(64)", "b'1111111111111111111111111111111111111111111111111111111111111111'"),
                TypeSample.of("CHAR(5)", "'ab'", "''"),
                TypeSample.of("VARCHAR(20)", "'\u00e9\u4e2d\ud83d\ude00'", "''"),
                TypeSample.of("VARCHAR(10) CHARACTER SET latin1", "'caf\u00e9'"),
                TypeSample.of("TINYTEXT", "'t'"),
                TypeSample.of("TEXT", "'quote''s \\\\ back'"),
                TypeSample.of("MEDIUMTEXT", "'m'"),
                TypeSample.of("LONGTEXT", "'line\\nbreak'"),
                TypeSample.of("ENUM('a','b','c')", "'b'", "'c'"),
                TypeSample.of("SET('x','y','z')", "'x,z'", "''"),
                TypeSample.of("JSON", "'{\"b\": 1,  \"a\": [1, 2.5, null, true]}'", "'[]'", "'\"s\"'"),
                TypeSample.of("BINARY(4)", "X'00ff1000'", "X'00'"),
                TypeSample.of("VARBINARY(10)", "X'00ff'", "X''"),
                TypeSample.of("TINYBLOB", "X'01'"),
                TypeSample.of("BLOB", "X'0203'"),
                TypeSample.of("MEDIUMBLOB", "X'04'"),
                TypeSample.of("LONGBLOB", "X'05'"),
                TypeSample.of("DATE", "'2024-02-29'", "'1000-01-01'", "'9999-12-31'"),
                TypeSample.of("TIME", "'23:59:59'", "'00:00:00'"),
                TypeSample.of("TIME(6)", "'23:59:59.999999'", "'12:00:00.5'"),
                TypeSample.of("DATETIME", "'2024-01-02 03:04:05'"),
                TypeSample.of("DATETIME(3)", "'2024-01-02 03:04:05.678'", "'1000-01-01 00:00:00'"),
                TypeSample.of("DATETIME(6)", "'9999-12-31 23:59:59.999999'"),
                // NULL: else the first TIMESTAMP column may default to, and update to, the current time.
                TypeSample.of("TIMESTAMP(6) NULL", "'2024-01-02 03:04:05.678901'", "'1999-12-31 23:59:59.5'"),
                TypeSample.of("TIMESTAMP NULL", "'2024-06-01 12:00:00'"),
                TypeSample.of("YEAR", "2024", "1901", "2155")));
        if (server.mariaDb()) {
            // MariaDB's default sql_mode accepts zero dates; MySQL 8's NO_ZERO_DATE refuses them.
            samples.add(TypeSample.of("DATE", "'0000-00-00'"));
            samples.add(TypeSample.of("DATETIME(6)", "'0000-00-00 00:00:00'"));
        }
        return samples;
    }

    @Override
    public List<SerializerFixture<?>> serializerFixtures() {
        return List.of(
                // Written by the release before rows-to-skip was added (version 1).
                new SerializerFixture<>("mysql-binlog-position-v1.bin", BinlogPositionSerializer.INSTANCE, 1,
                        new BinlogPosition("mariadb-bin.000001", 123, Optional.of("0-1-7"))),
                new SerializerFixture<>("mysql-binlog-position-v2.bin", BinlogPositionSerializer.INSTANCE, 2,
                        new BinlogPosition("mariadb-bin.000003", 4567, Optional.of("0-1-42,1-2-7"), 17)),
                new SerializerFixture<>("mysql-binlog-position-mysql-gtids-v2.bin", BinlogPositionSerializer.INSTANCE, 2,
                        new BinlogPosition("binlog.000002", 900, Optional.of("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"), 0)),
                new SerializerFixture<>("mysql-snapshot-marker-v1.bin", MySqlSnapshotMarkerSerializer.INSTANCE, 1,
                        new MySqlSnapshotMarker(Optional.of(new BinlogPosition("mariadb-bin.000002", 1234, Optional.of("0-1-9"))))),
                new SerializerFixture<>("mysql-snapshot-marker-empty-v1.bin", MySqlSnapshotMarkerSerializer.INSTANCE, 1,
                        new MySqlSnapshotMarker(Optional.empty())));
    }
}
