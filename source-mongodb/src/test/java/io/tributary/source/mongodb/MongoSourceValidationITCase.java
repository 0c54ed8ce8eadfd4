package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.PipelineContext;
import io.tributary.core.spi.ValidationReport;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tributary validate} against the in-build server: what it reports, and the errors it can raise there. */
class MongoSourceValidationITCase {
    private static TestingMongoServer server;

    @BeforeAll
    static void startServer() {
        server = TestingMongoServer.start();
        try (var client = server.client()) {
            client.getDatabase("shop").getCollection("orders").insertOne(new Document("_id", 1).append("sku", "A-1"));
            client.getDatabase("shop").getCollection("customers").insertOne(new Document("_id", "c-1"));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aValidSourceReportsItsCollectionsTheirIdTypesAndChangeStreams() {
        ValidationReport report = source(Map.of("hosts", server.hosts(), "collection", "shop\\..*")).validate();

        assertThat(report.findings()).anySatisfy(line -> assertThat(line).startsWith("collection shop.orders: about 1 documents, _id as INTEGER"))
                .anySatisfy(line -> assertThat(line).startsWith("collection shop.customers: about 1 documents, _id as TEXT"))
                .contains("change streams: available");
    }

    @Test
    void patternsMatchingNothingAreReported() {
        assertThatThrownBy(() -> source(Map.of("hosts", server.hosts(), "collection", "shop\\.invoices")).validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_NO_TABLES))
                .hasMessageContaining("shop\\.invoices");
    }

    @Test
    void splittingLargeEventsIsRefusedOnAServerOlderThan609() {
        // The in-build server reports an old release (3.x) in buildInfo, as a real server older than 6.0.9 would.
        assertThatThrownBy(() -> source(Map.of("hosts", server.hosts(), "collection", "shop\\.orders",
                "scan.change-stream.split-large-event.enabled", "true")).validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED))
                .hasMessageContaining("scan.change-stream.split-large-event.enabled: true needs $changeStreamSplitLargeEvent")
                .hasMessageContaining("6.0.9 and later").hasMessageContaining("Upgrade the deployment, or set the option to false");
        assertThat(source(Map.of("hosts", server.hosts(), "collection", "shop\\.orders", "scan.startup.mode", "snapshot",
                "scan.change-stream.split-large-event.enabled", "true")).validate().findings())
                .as("a snapshot-only run reads no change stream").noneMatch(line -> line.contains("fragments"));
    }

    @Test
    void aHostWhereNothingListensIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> source(Map.of("hosts", "127.0.0.1:" + port, "collection", "shop\\.orders",
                "connection.options", "serverSelectionTimeoutMS=500")).validate())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNREACHABLE))
                .hasMessageContaining("127.0.0.1:" + port);
    }

    private static io.tributary.core.spi.PipelineSource source(Map<String, String> options) {
        return new MongoSourceFactory().createSource(Configuration.fromMap(new HashMap<>(options)), new PipelineContext("validate", 1));
    }
}
