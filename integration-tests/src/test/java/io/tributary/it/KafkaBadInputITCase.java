package io.tributary.it;

import static io.tributary.it.BadInputCase.refusedAsConfiguration;
import static io.tributary.it.BadInputCase.refusedByServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of a Kafka sink gets a clear error from both {@code validate} and {@code run},
 * a non-zero exit, and creates no topic (and no slot or publication on the source).
 */
class KafkaBadInputITCase {
    private static TestingPostgresServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        source = TestingPostgresServer.start();
        source.createDatabase("appdb");
        source.execute("appdb", "CREATE TABLE orders (id bigint PRIMARY KEY, note text)");
        broker = TestingKafkaBroker.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @AfterEach
    void nothingWasCreated() throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).as("topics on the broker").isEmpty();
        }
        try (Connection connection = source.connect("appdb"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM pg_replication_slots) + (SELECT count(*) FROM pg_publication)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("slots and publications on the source").isZero();
        }
        assertThat(work.resolve("state").resolve("checkpoints")).as("checkpoints of a pipeline that never ran").doesNotExist();
    }

    private static String pipeline(String bootstrapServers, String sinkLines) {
        return """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: postgres
                  tables: appdb.public.orders
                  slot.name: bad_input
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  sink.connect.timeout: 3s
                %s
                pipeline:
                  name: bad-input
                """.formatted(source.port(), bootstrapServers, sinkLines.indent(2).stripTrailing());
    }

    static Stream<BadInputCase> badInputs() {
        String brokers = broker.bootstrapServers();
        return Stream.of(
                refusedByServer("Kafka unreachable", pipeline("127.0.0.1:1", ""), "SINK_UNREACHABLE",
                        "127.0.0.1:1", "properties.bootstrap.servers", "that the brokers run"),
                refusedAsConfiguration("Kafka bootstrap servers not host:port", pipeline("kafka-without-port", ""), "CONFIG_INVALID",
                        "kafka-without-port", "properties.bootstrap.servers"),
                refusedAsConfiguration("Kafka replication factor above the brokers", pipeline(brokers, "sink.topic.replication-factor: 3"),
                        "CONFIG_INVALID", "replication-factor is 3", "1 broker", "Lower the replication factor"),
                refusedAsConfiguration("Kafka transaction timeout above the brokers' maximum", pipeline(brokers,
                        "properties.transaction.timeout.ms: 7200000"), "CONFIG_INVALID", "transaction.timeout.ms is 7200000",
                        "transaction.max.timeout.ms"),
                refusedAsConfiguration("Kafka topic name not allowed", pipeline(brokers, "topic: orders and more!"), "CONFIG_INVALID",
                        "orders and more!", "topic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedByValidateAndRun(BadInputCase bad) throws Exception {
        bad.assertRefused(work, Map.of());
    }
}
