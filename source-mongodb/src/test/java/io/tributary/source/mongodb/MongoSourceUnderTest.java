package io.tributary.source.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.tributary.core.model.TableId;
import io.tributary.core.source.contract.SerializerFixture;
import io.tributary.core.source.contract.SourceUnderTest;
import io.tributary.core.source.contract.TableSpec;
import io.tributary.core.source.contract.TypeSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * The source contract's tables as collections: the key column is {@code _id}, the other columns
 * are fields. Rows the pipeline delivers ({@code _id}, {@code document}) read back as the
 * document's fields.
 */
final class MongoSourceUnderTest implements SourceUnderTest {
    private final String hosts;
    private final String connectionOptions;
    private final MongoClient client;

    /** The source on {@code hosts} with these connection options ({@code a=b&c=d}, or empty); {@code client} reaches the same server. */
    MongoSourceUnderTest(String hosts, String connectionOptions, MongoClient client) {
        this.hosts = hosts;
        this.connectionOptions = connectionOptions;
        this.client = client;
    }

    MongoSourceUnderTest(TestingMongoServer server) {
        this(server.hosts(), "", server.client());
    }

    @Override
    public String type() {
        return MongoSourceFactory.IDENTIFIER;
    }

    @Override
    public void createNamespace(String namespace) {}

    @Override
    public void dropNamespace(String namespace) {
        client.getDatabase(namespace).drop();
    }

    @Override
    public void createTable(String namespace, TableSpec table) {
        client.getDatabase(namespace).createCollection(table.name());
    }

    @Override
    public void insert(String namespace, TableSpec table, List<Map<String, Object>> rows) {
        List<Document> documents = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Document document = new Document("_id", row.get(keyColumn(table)));
            row.forEach((column, value) -> {
                if (!column.equals(keyColumn(table))) {
                    document.append(column, value);
                }
            });
            documents.add(document);
        }
        client.getDatabase(namespace).getCollection(table.name()).insertMany(documents);
    }

    @Override
    public void update(String namespace, TableSpec table, Map<String, Object> key, Map<String, Object> values) {
        client.getDatabase(namespace).getCollection(table.name()).updateOne(Filters.eq("_id", key.get(keyColumn(table))),
                new Document("$set", new Document(values)));
    }

    @Override
    public void delete(String namespace, TableSpec table, Map<String, Object> key) {
        client.getDatabase(namespace).getCollection(table.name()).deleteOne(Filters.eq("_id", key.get(keyColumn(table))));
    }

    @Override
    public void addColumn(String namespace, TableSpec table, TableSpec.ColumnSpec column) {
        // A collection has no columns to add: documents simply carry the new field.
    }

    @Override
    public List<Map<String, Object>> readTable(String namespace, TableSpec table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BsonDocument document : client.getDatabase(namespace).getCollection(table.name(), BsonDocument.class).find()) {
            rows.add(asColumns(table, BsonValues.document(document)));
        }
        return rows;
    }

    @Override
    public Map<String, Object> rowAsWritten(TableSpec table, Map<String, Object> deliveredRow) {
        Object document = deliveredRow.get(MongoSchemas.DOCUMENT_COLUMN);
        return document instanceof Map<?, ?> fields ? asColumns(table, fields) : deliveredRow;
    }

    private static Map<String, Object> asColumns(TableSpec table, Map<?, ?> document) {
        Map<String, Object> row = new LinkedHashMap<>();
        document.forEach((field, value) -> row.put(field.equals("_id") ? keyColumn(table) : (String) field, value));
        return row;
    }

    private static String keyColumn(TableSpec table) {
        if (table.keyColumns().size() != 1) {
            throw new IllegalArgumentException("a collection is keyed by _id alone: " + table.keyColumns());
        }
        return table.keyColumns().get(0).name();
    }

    @Override
    public TableId tableId(String namespace, String table) {
        return TableId.ofDatabaseTable(namespace, table);
    }

    @Override
    public Map<String, String> sourceOptions(String namespace, List<String> tables) {
        List<String> patterns = tables.stream().map(table -> namespace + "\\." + table).toList();
        Map<String, String> options = new java.util.HashMap<>(Map.of("hosts", hosts, "collection", String.join(",", patterns), "poll.await.time.ms", "50"));
        if (!connectionOptions.isEmpty()) {
            options.put("connection.options", connectionOptions);
        }
        return options;
    }

    @Override
    public List<TypeSample> typeSamples() {
        return List.of(
                TypeSample.of("int32", "0", "2147483647", "-2147483648"),
                TypeSample.of("int64", "{\"$numberLong\": \"9223372036854775807\"}", "{\"$numberLong\": \"-1\"}"),
                TypeSample.of("double", "1.5", "-0.25", "{\"$numberDouble\": \"Infinity\"}"),
                TypeSample.of("decimal128", "{\"$numberDecimal\": \"123.4500\"}", "{\"$numberDecimal\": \"-1E+10\"}"),
                TypeSample.of("string", "\"abc\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"\""),
                TypeSample.of("bool", "true", "false"),
                TypeSample.of("date", "{\"$date\": \"2024-02-29T12:34:56.789Z\"}", "{\"$date\": {\"$numberLong\": \"-1\"}}"),
                TypeSample.of("objectId", "{\"$oid\": \"5f1b2c3d4e5f607182930a1b\"}"),
                TypeSample.of("binData", "{\"$binary\": {\"base64\": \"AAEC/w==\", \"subType\": \"00\"}}"),
                TypeSample.of("array", "[1, \"a\", {\"x\": 2}, [true]]", "[]"),
                TypeSample.of("object", "{\"a\": 1, \"b\": {\"c\": \"d\"}}", "{}"));
    }

    @Override
    public void createTypedTable(String namespace, String table, List<TypeSample> samples) {
        client.getDatabase(namespace).createCollection(table);
    }

    @Override
    public void insertTyped(String namespace, String table, int id, List<String> values) {
        BsonDocument document = new BsonDocument("_id", new BsonInt32(id)).append("touch", new BsonInt32(0));
        for (int i = 0; i < values.size(); i++) {
            document.append("c" + i, literal(values.get(i)));
        }
        client.getDatabase(namespace).getCollection(table, BsonDocument.class).insertOne(document);
    }

    private static BsonValue literal(String extendedJson) {
        return extendedJson == null ? BsonNull.VALUE : BsonDocument.parse("{\"v\": " + extendedJson + "}").get("v");
    }

    @Override
    public void touchTyped(String namespace, String table) {
        MongoDatabase database = client.getDatabase(namespace);
        database.getCollection(table).updateMany(new Document(), new Document("$inc", new Document("touch", 1)));
    }

    @Override
    public List<SerializerFixture<?>> serializerFixtures() {
        return List.of(
                new SerializerFixture<>("mongodb-position-event-v1.bin", ChangeStreamPositionSerializer.INSTANCE, 1,
                        ChangeStreamPosition.ofEvent(new BsonTimestamp(1_700_000_000, 7), 2,
                                "8265A9F2C3000000072B022C0100296E5A1004B1D0B0B6E0F9444E9E1B3F4C1C0E8C2A46645F69640064656A6F7E2A0B2C3D4E5F6000004")),
                new SerializerFixture<>("mongodb-position-clock-v1.bin", ChangeStreamPositionSerializer.INSTANCE, 1,
                        ChangeStreamPosition.atTime(new BsonTimestamp(1_700_000_123, 45))));
    }
}
