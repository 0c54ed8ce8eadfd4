package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tributary.core.testing.TestingPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MongoDB (the in-build server) → PostgreSQL with {@code document.flatten: true}, through the real
 * command line: each top-level field lands in its own column, typed from the sampled documents
 * (int32 and int64 in one field widen to {@code bigint}, nested documents and arrays are
 * {@code jsonb}); while streaming, a document with a new field adds its column and a value the
 * column cannot hold widens it, and at the end the table holds every document's fields as the
 * collection does.
 */
class MongoFlattenedToPostgresITCase {
    private static final int DOCUMENTS = 3_000;
    private static MongoServer mongo;
    private static String mongoHosts;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongoHosts = "127.0.0.1:" + mongo.bind().getPort();
        target = TestingPostgresServer.start();
        target.createDatabase("replica");
        try (MongoClient client = client()) {
            List<Document> documents = new ArrayList<>();
            for (int id = 1; id <= DOCUMENTS; id++) {
                documents.add(new Document("_id", id).append("name", "p" + id).append("age", 20 + id % 50)
                        .append("score", id % 7 == 0 ? (Object) (id * 1_000_000_000L) : (Object) id)
                        .append("tags", List.of("t" + id % 3)).append("address", new Document("city", "c" + id % 10))
                        .append("joined", new Date(1_700_000_000_000L + id * 1000L)));
            }
            people(client).insertMany(documents);
        }
    }

    @AfterAll
    static void stopServers() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void fieldsLandInTheirOwnColumnsWhichGrowAndWidenWhileStreaming() throws Exception {
        Path pipeline = work.resolve("people.yaml");
        Files.writeString(pipeline, """
                source:
                  type: mongodb
                  hosts: %s
                  collection: shop\\.people
                  document.flatten: true
                  scan.incremental.snapshot.chunk.size: 500
                  poll.await.time.ms: 100
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                pipeline:
                  name: people-flattened
                  parallelism: 2
                  execution.checkpointing.interval: 1s
                """.formatted(mongoHosts, target.port()));
        try (TributaryProcess process = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir",
                work.resolve("state").toString())) {
            process.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            try (MongoClient client = client()) {
                MongoCollection<Document> people = people(client);
                people.insertOne(new Document("_id", DOCUMENTS + 1).append("name", "new").append("age", 40).append("vip", true));
                people.updateOne(Filters.eq("_id", 1), Updates.set("age", 30.5));
                people.updateOne(Filters.eq("_id", 2), Updates.set("name", 7));
                people.deleteOne(Filters.eq("_id", 3));
            }
            process.awaitNoDifference("the flattened table against the collection", MongoFlattenedToPostgresITCase::difference, Duration.ofSeconds(90));

            assertThat(columnTypes()).containsExactly(Map.entry("_id", "integer"), Map.entry("address", "jsonb"), Map.entry("age", "double precision"),
                    Map.entry("joined", "timestamp with time zone"), Map.entry("name", "text"), Map.entry("score", "bigint"),
                    Map.entry("tags", "jsonb"), Map.entry("vip", "boolean"));
            assertThat(query("SELECT address->>'city', tags->>0, extract(epoch FROM joined)::bigint, vip FROM shop.people WHERE \"_id\" = 14"))
                    .isEqualTo("c4|t2|1700000014|null");
            assertThat(query("SELECT vip FROM shop.people WHERE \"_id\" = " + (DOCUMENTS + 1))).isEqualTo("t");
            assertThat(process.terminate(Duration.ofSeconds(120))).isIn(0, 143);
        }
    }

    /** Empty when every document's name, age and score are in the table as in the collection. */
    private static String difference() {
        Map<Integer, String> expected = new TreeMap<>();
        try (MongoClient client = client()) {
            for (Document document : people(client).find()) {
                expected.put(document.getInteger("_id"), Objects.toString(document.get("name")) + "|" + ((Number) document.get("age")).doubleValue()
                        + "|" + document.get("score"));
            }
        }
        Map<Integer, String> actual = new TreeMap<>();
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT \"_id\", name, age::float8, score FROM shop.people")) {
            while (rows.next()) {
                actual.put(rows.getInt(1), rows.getString(2) + "|" + rows.getDouble(3) + "|" + rows.getString(4));
            }
        } catch (SQLException e) {
            return "the table is not there yet: " + e.getMessage();
        }
        if (expected.equals(actual)) {
            return "";
        }
        List<String> differences = new ArrayList<>();
        expected.forEach((id, row) -> {
            if (!row.equals(actual.get(id)) && differences.size() < 5) {
                differences.add(id + ": collection " + row + ", table " + actual.get(id));
            }
        });
        return expected.size() + " documents, " + actual.size() + " rows; " + differences;
    }

    private static Map<String, String> columnTypes() throws SQLException {
        Map<String, String> types = new TreeMap<>();
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = 'shop' AND table_name = 'people'")) {
            while (rows.next()) {
                types.put(rows.getString(1), rows.getString(2));
            }
        }
        return types;
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = target.connect("replica"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(String.valueOf(rows.getString(i)));
            }
            return String.join("|", values);
        }
    }

    private static MongoClient client() {
        return MongoClients.create("mongodb://" + mongoHosts);
    }

    private static MongoCollection<Document> people(MongoClient client) {
        return client.getDatabase("shop").getCollection("people");
    }
}
