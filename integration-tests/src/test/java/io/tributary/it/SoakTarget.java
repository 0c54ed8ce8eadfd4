package io.tributary.it;

import io.tributary.core.testing.TestingMariaDbServer;
import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The target of a kill soak: a JDBC database or a Kafka topic, the pipeline's {@code sink} block
 * for it, and the table as a reader of the target would rebuild it.
 */
interface SoakTarget extends AutoCloseable {
    /** The {@code sink:} block, indented for the pipeline file. */
    String sinkBlock();

    /** id → "version|balance|note" of the copy, as {@link SoakSource#rows()} renders the source. */
    Map<Long, String> rows() throws Exception;

    /** Change events checked one by one against each key's history (0 for a table target). */
    long eventsChecked();

    /** Changes that broke a key's history: repeats, gaps, changes after a delete (empty for a table target). */
    List<String> violations();

    @Override
    void close() throws Exception;

    static SoakTarget start(String kind, SoakSource source) throws Exception {
        String table = source.targetNamespace() + "." + SoakSource.TABLE;
        return switch (kind) {
            case "postgres" -> {
                TestingPostgresServer server = TestingPostgresServer.start();
                server.createDatabase("warehouse");
                yield new Jdbc("url: jdbc:postgresql://127.0.0.1:" + server.port() + "/warehouse\n  username: postgres\n  password: unused",
                        () -> server.connect("warehouse"), table, server::close);
            }
            case "mariadb" -> {
                TestingMariaDbServer server = TestingMariaDbServer.start();
                server.createDatabase("warehouse");
                yield new Jdbc("url: jdbc:mariadb://127.0.0.1:" + server.port() + "/warehouse\n  username: " + TestingMariaDbServer.ADMIN
                        + "\n  password: " + TestingMariaDbServer.ADMIN_PASSWORD, () -> server.connect("warehouse"), table, server::close);
            }
            case "kafka" -> Kafka.start(source);
            default -> throw new IllegalArgumentException("unknown target '" + kind + "'; use postgres, mariadb or kafka");
        };
    }

    /** A PostgreSQL or MariaDB database "warehouse" that the JDBC sink writes. */
    record Jdbc(String sinkBlock, Opener opener, String table, Runnable closer) implements SoakTarget {
        interface Opener {
            Connection open() throws SQLException;
        }

        public String sinkBlock() {
            return "  type: jdbc\n  " + sinkBlock + "\n";
        }

        public Map<Long, String> rows() throws SQLException {
            try (Connection connection = opener.open()) {
                return SoakSource.versionedRows(connection, "SELECT id, version, balance, note FROM " + table);
            } catch (SQLException e) {
                return Map.of(); // the sink has not created the table yet
            }
        }

        public long eventsChecked() {
            return 0;
        }

        public List<String> violations() {
            return List.of();
        }

        public void close() {
            closer.run();
        }
    }

    /** A KRaft broker with the exactly-once Kafka sink's topic, read by a read_committed replica. */
    record Kafka(TestingKafkaBroker broker, String topic, VersionedTopicReplica replica) implements SoakTarget {
        static Kafka start(SoakSource source) throws Exception {
            TestingKafkaBroker broker = TestingKafkaBroker.start();
            String topic = "soak-" + SoakSource.TABLE;
            return new Kafka(broker, topic, new VersionedTopicReplica(broker.bootstrapServers(), topic, source.positionFields()));
        }

        public String sinkBlock() {
            return """
                      type: kafka
                      properties.bootstrap.servers: %s
                      topic: %s
                      sink.topic.partitions: 3
                    """.formatted(broker.bootstrapServers(), topic);
        }

        public Map<Long, String> rows() {
            replica.catchUp();
            Map<Long, String> rows = new TreeMap<>();
            replica.rows().forEach((id, row) -> {
                String[] fields = row.split("\\|", 3);
                rows.put(id, fields[0] + "|" + new BigDecimal(fields[1]).stripTrailingZeros().toPlainString() + "|" + fields[2]);
            });
            return rows;
        }

        public long eventsChecked() {
            return replica.changes();
        }

        public List<String> violations() {
            return replica.violations();
        }

        public void close() throws Exception {
            replica.close();
            broker.close();
        }
    }
}
