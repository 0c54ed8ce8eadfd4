package io.tributary.it;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The source database of a kill soak: a server holding table {@code soak.accounts} of a
 * {@link VersionedWorkload}, the pipeline's {@code source} block for it, and its rows as text.
 */
interface SoakSource extends AutoCloseable {
    String TABLE = "accounts";
    String DATABASE = "soak";

    /** {@code postgres} or {@code mariadb}, as the soak's pair names it. */
    String kind();

    /** The {@code source:} block, indented for the pipeline file. */
    String sourceBlock();

    /** Creates the table with ids 1..rows at version 0. */
    void createTable(int rows);

    VersionedWorkload workload(long firstNewId);

    /** The namespace the sink names the table's copy in (schema or database). */
    String targetNamespace();

    /** The {@code source} fields a streamed change must carry in the Kafka envelope. */
    List<String> positionFields();

    /** The line a pipeline prints when it resumes from state. */
    String resumedLine();

    /** id → "version|balance|note", balance without trailing zeros. */
    Map<Long, String> rows() throws SQLException;

    @Override
    void close();

    static SoakSource start(String kind) {
        return switch (kind) {
            case "postgres" -> new Postgres(TestingPostgresServer.start());
            case "mariadb" -> new MariaDb(TestingMariaDbServer.start());
            default -> throw new IllegalArgumentException("unknown source '" + kind + "'; use postgres or mariadb");
        };
    }

    /** Reads {@code id, version, balance, note} rows of a query as the soak compares them. */
    static Map<Long, String> versionedRows(Connection connection, String query) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                BigDecimal balance = rs.getBigDecimal(3);
                rows.put(rs.getLong(1), rs.getLong(2) + "|" + (balance == null ? "null" : balance.stripTrailingZeros().toPlainString()) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    record Postgres(TestingPostgresServer server) implements SoakSource {
        public String kind() {
            return "postgres";
        }

        public String sourceBlock() {
            return """
                      type: postgres
                      hostname: 127.0.0.1
                      port: %d
                      username: cdc
                      password: cdc-secret
                      tables: %s.public.%s
                      slot.name: soak_slot
                    """.formatted(server.port(), DATABASE, TABLE);
        }

        public void createTable(int rows) {
            server.createUser("cdc", "cdc-secret", "REPLICATION");
            server.createDatabase(DATABASE);
            VersionedWorkload.createTable(server, DATABASE, TABLE, rows);
            server.execute(DATABASE, "GRANT CREATE ON DATABASE " + DATABASE + " TO cdc", "ALTER TABLE " + TABLE + " OWNER TO cdc");
        }

        public VersionedWorkload workload(long firstNewId) {
            return new VersionedWorkload(server, DATABASE, TABLE, firstNewId);
        }

        public String targetNamespace() {
            return "public";
        }

        public List<String> positionFields() {
            return List.of("lsn", "txId");
        }

        public String resumedLine() {
            return "Resuming postgres source";
        }

        public Map<Long, String> rows() throws SQLException {
            try (Connection connection = server.connect(DATABASE)) {
                return versionedRows(connection, "SELECT id, version, balance, note FROM " + TABLE);
            }
        }

        public void close() {
            server.close();
        }
    }

    record MariaDb(TestingMariaDbServer server) implements SoakSource {
        public String kind() {
            return "mariadb";
        }

        public String sourceBlock() {
            return """
                      type: mysql
                      hostname: 127.0.0.1
                      port: %d
                      username: %s
                      password: %s
                      tables: %s.%s
                      server-id: 5700-5701
                    """.formatted(server.port(), TestingMariaDbServer.ADMIN, TestingMariaDbServer.ADMIN_PASSWORD, DATABASE, TABLE);
        }

        public void createTable(int rows) {
            server.createDatabase(DATABASE);
            server.execute(DATABASE,
                    "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, balance DECIMAL(12,2) NOT NULL, note TEXT)",
                    "INSERT INTO " + TABLE + " SELECT seq, 0, seq % 1000, CONCAT('row ', seq) FROM seq_1_to_" + rows,
                    "ANALYZE TABLE " + TABLE);
        }

        public VersionedWorkload workload(long firstNewId) {
            return VersionedWorkload.onMariaDb(server::connect, DATABASE, TABLE, firstNewId);
        }

        public String targetNamespace() {
            return DATABASE;
        }

        public List<String> positionFields() {
            return List.of("file", "pos", "server_id");
        }

        public String resumedLine() {
            return "Resuming mysql source";
        }

        public Map<Long, String> rows() throws SQLException {
            try (Connection connection = server.connect(DATABASE)) {
                return versionedRows(connection, "SELECT id, version, balance, note FROM " + TABLE);
            }
        }

        public void close() {
            server.close();
        }
    }
}
