package io.tributary.source.oracle;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.source.contract.JdbcSourceUnderTest;
import io.tributary.core.source.contract.SerializerFixture;
import io.tributary.core.source.contract.TableSpec;
import io.tributary.core.source.contract.TypeSample;
import io.tributary.source.oracle.stream.EngineOffset;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Oracle source under the contract, on Oracle Database Free 23ai in Docker: each namespace is
 * a schema (a user) of pluggable database FREEPDB1, written by SYSTEM and captured by the common
 * user C##CDC with the privileges the README lists. Schema and table names are upper case, as
 * unquoted names are stored; column names are quoted lower case, so rows carry the contract's
 * column names. Every table logs all its columns ({@code ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS}).
 */
final class OracleSourceUnderTest extends JdbcSourceUnderTest {
    static final String PDB = "FREEPDB1";
    private static final String NAMESPACE_PASSWORD = "Namespace1";

    private final OracleFreeServer server;

    OracleSourceUnderTest(OracleFreeServer server) {
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public String type() {
        return "oracle";
    }

    @Override
    public void createNamespace(String namespace) {
        execute(namespace, "CREATE USER " + schema(namespace) + " IDENTIFIED BY " + NAMESPACE_PASSWORD + " QUOTA UNLIMITED ON USERS");
    }

    /** Nothing of a pipeline stays in the database (no slot): the schema goes with its tables. */
    @Override
    public void dropNamespace(String namespace) {
        execute(namespace, "DROP USER " + schema(namespace) + " CASCADE");
    }

    @Override
    protected Connection connect(String namespace) throws SQLException {
        return server.connectToPdbAsSystem();
    }

    @Override
    protected String qualified(String namespace, String table) {
        return schema(namespace) + "." + table.toUpperCase(Locale.ROOT);
    }

    @Override
    protected String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected String sqlType(TableSpec.ValueKind kind) {
        return switch (kind) {
            // Up to 9 digits: the source reads it as INTEGER, an Integer.
            case INTEGER -> "NUMBER(9)";
            // Long enough for the contract's texts, short enough to be part of a composite index key.
            case TEXT -> "VARCHAR2(1000 CHAR)";
        };
    }

    @Override
    public void createTable(String namespace, TableSpec table) {
        super.createTable(namespace, table);
        logAllColumns(namespace, table.name());
    }

    @Override
    public void createTypedTable(String namespace, String table, List<TypeSample> samples) {
        super.createTypedTable(namespace, table, samples);
        logAllColumns(namespace, table);
    }

    /** Oracle's syntax: ADD (column type), no COLUMN keyword. All-column logging covers the new column. */
    @Override
    public void addColumn(String namespace, TableSpec table, TableSpec.ColumnSpec column) {
        execute(namespace, "ALTER TABLE " + qualified(namespace, table.name()) + " ADD (" + quote(column.name()) + " " + sqlType(column.kind()) + ")");
    }

    /** Rows as the contract's kinds: ojdbc reads every NUMBER as a BigDecimal, the contract's integers are Integers. */
    @Override
    public List<Map<String, Object>> readTable(String namespace, TableSpec table) {
        try (Connection connection = connect(namespace); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified(namespace, table.name()))) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(meta.getColumnLabel(i), value instanceof BigDecimal number ? number.intValueExact() : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public TableId tableId(String namespace, String table) {
        return TableId.of(PDB, schema(namespace), table.toUpperCase(Locale.ROOT));
    }

    @Override
    public Map<String, String> sourceOptions(String namespace, List<String> tables) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("hostname", server.host());
        options.put("port", Integer.toString(server.port()));
        options.put("database", OracleFreeServer.CDB_SERVICE);
        options.put("username", OracleFreeServer.CDC_USER);
        options.put("password", OracleFreeServer.CDC_PASSWORD);
        options.put("tables", tables.stream().map(t -> PDB + "." + schema(namespace) + "." + t.toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(",")));
        options.put("heartbeat.interval", "1s");
        return options;
    }

    @Override
    public Optional<Map<String, String>> specificOffsetAtCurrentEnd() {
        try (Connection connection = server.connectToPdbAsSystem(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CURRENT_SCN FROM V$DATABASE")) {
            rs.next();
            return Optional.of(Map.of("scan.startup.specific-offset.scn", Long.toString(rs.getLong(1))));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the current SCN: " + e.getMessage(), e);
        }
    }

    /**
     * The types of OracleTypes' mapping that both readers take, with edge values. Left out on
     * purpose, as the README's limits say: EMPTY_CLOB()/EMPTY_BLOB() (null in the stream, empty in
     * the snapshot) and INTERVAL DAY TO SECOND(7..9) (refused by the stream).
     */
    @Override
    public List<TypeSample> typeSamples() {
        return List.of(
                TypeSample.of("NUMBER(10)", "0", "-9999999999", "9999999999"),
                TypeSample.of("NUMBER(19,4)", "123456789012345.1234", "-0.0001", "0", "-999999999999999.9999"),
                TypeSample.of("NUMBER", "0.1", "-123456789012345678901234567890.12345678", "1E+125", "1E-130", "42"),
                TypeSample.of("BINARY_DOUBLE", "1.5d", "-1.7976931348623157E308d", "4.9E-324d", "BINARY_DOUBLE_INFINITY",
                        "-BINARY_DOUBLE_INFINITY", "BINARY_DOUBLE_NAN"),
                TypeSample.of("VARCHAR2(100)", "'abc'", "'quote''s'", "'caf\u00e9 \u4e2d'", "' padded  '"),
                TypeSample.of("NVARCHAR2(50)", "N'\u00fcn\u00efc\u00f8d\u00e9'", "UNISTR('\\4e2d\\6587 \\d83d\\de00')"),
                TypeSample.of("CHAR(3)", "'ab'", "'xyz'", "'a'"),
                TypeSample.of("CLOB", "'short text'", "TO_CLOB(RPAD('x', 4000, 'x')) || RPAD('y', 4000, 'y')", "TO_CLOB('caf\u00e9')"),
                TypeSample.of("BLOB", "HEXTORAW('00FF10')", "TO_BLOB(HEXTORAW('DEADBEEF'))", "TO_BLOB(HEXTORAW(RPAD('AB', 4000, 'AB')))"),
                TypeSample.of("RAW(16)", "HEXTORAW('000102030405060708090A0B0C0D0E0F')", "HEXTORAW('FF')"),
                TypeSample.of("DATE", "DATE '2024-02-29'", "TO_DATE('9999-12-31 23:59:59', 'YYYY-MM-DD HH24:MI:SS')", "DATE '0001-01-01'"),
                TypeSample.of("TIMESTAMP(6)", "TIMESTAMP '2024-01-02 03:04:05.678901'", "TIMESTAMP '1970-01-01 00:00:00'",
                        "TIMESTAMP '9999-12-31 23:59:59.999999'"),
                TypeSample.of("TIMESTAMP(9) WITH TIME ZONE", "TIMESTAMP '2024-01-02 03:04:05.123456789 +05:30'",
                        "TIMESTAMP '2024-07-01 12:00:00.5 Europe/Paris'", "TIMESTAMP '2262-04-12 00:00:00 UTC'",
                        "TIMESTAMP '1900-01-01 00:00:00.000000001 -08:00'"),
                TypeSample.of("INTERVAL YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '-3' MONTH", "INTERVAL '99-11' YEAR TO MONTH",
                        "INTERVAL '0-0' YEAR TO MONTH"),
                TypeSample.of("INTERVAL DAY TO SECOND(6)", "INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '-0 00:00:00.000001' DAY TO SECOND",
                        "INTERVAL '99 23:59:59.999999' DAY TO SECOND", "INTERVAL '0 00:00:00' DAY TO SECOND"));
    }

    /**
     * The snapshot marker (version 1: an 8-byte big-endian SCN) and a redo position in the middle of a
     * transaction with the connector's offset there (version 2), committed as written once.
     */
    @Override
    public List<SerializerFixture<?>> serializerFixtures() {
        return List.of(
                new SerializerFixture<>("oracle-snapshot-marker-v1.bin", OracleSerializers.MARKER, 1, new OracleSnapshotMarker(2_847_113L)),
                new SerializerFixture<>("oracle-redo-position-v2.bin", OracleSerializers.POSITION, 2, new RedoPosition(4_999_999, 5_000_043, 2, 17,
                        new EngineOffset(java.util.Map.of("scn", "4999999", "commit_scn", "5000042:1:0a001b00c3000000,5000040:2:", "txId", "0b00",
                                "txSeq", 17L, "snapshot_completed", true)))));
    }

    private void logAllColumns(String namespace, String table) {
        execute(namespace, "ALTER TABLE " + qualified(namespace, table) + " ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS");
    }

    private static String schema(String namespace) {
        return namespace.toUpperCase(Locale.ROOT);
    }
}
