package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class DocumentRowsTest {
    private static final TableId PEOPLE = TableId.ofDatabaseTable("shop", "people");
    private final DocumentRows flattened = new DocumentRows(true);

    @Test
    void columnsAreTypedFromTheSampleAndWidenedWhereValuesDiffer() {
        TableSchema schema = FlattenedColumns.infer(IdKind.INT32, List.of(
                BsonDocument.parse("{_id: 1, name: 'ann', age: 30, score: 7, joined: {$date: '2024-05-06T07:30:00Z'}, tags: ['a'], vip: null}"),
                BsonDocument.parse("{_id: 2, name: 'bob', age: 31, score: {$numberLong: '8000000000'}, price: 2.5, code: 'x', misc: {a: 1}}"),
                BsonDocument.parse("{_id: 3, price: {$numberDecimal: '1.10'}, code: 5, amount: 3}"),
                BsonDocument.parse("{_id: 4, amount: 1.5, misc: 7}")));

        assertThat(schema.primaryKey()).containsExactly("_id");
        assertThat(schema.columns().stream().map(c -> c.name() + " " + c.type().kind()).toList()).containsExactly(
                "_id INTEGER", "name TEXT", "age INTEGER", "score BIGINT", "joined TIMESTAMP_TZ", "tags JSON", "vip TEXT",
                "price DECIMAL", "code TEXT", "misc TEXT", "amount DOUBLE");
    }

    @Test
    void rowsHoldEachFieldInItsColumnAndMissingFieldsAsNull() {
        TableSchema schema = FlattenedColumns.infer(IdKind.INT32, List.of(
                BsonDocument.parse("{_id: 1, name: 'ann', score: {$numberLong: '8'}, joined: {$date: '2024-05-06T07:30:00Z'}, tags: ['a', 1], "
                        + "price: {$numberDecimal: '1.10'}, code: 'x'}")));
        Object[] row = flattened.row(PEOPLE, schema, BsonDocument.parse("{_id: 2, score: 9, tags: {k: true}, price: 3, code: 'y'}"));

        assertThat(row).containsExactly(2, null, 9L, null, "{\"k\":true}", new BigDecimal(3), "y");
        Object[] full = flattened.row(PEOPLE, schema, BsonDocument.parse("{_id: 1, name: 'ann', score: {$numberLong: '8'}, "
                + "joined: {$date: '2024-05-06T07:30:00Z'}, tags: ['a', 1], price: {$numberDecimal: '1.10'}, code: 'x'}"));
        assertThat(full).containsExactly(1, "ann", 8L, OffsetDateTime.of(2024, 5, 6, 7, 30, 0, 0, ZoneOffset.UTC), "[\"a\",1]",
                new BigDecimal("1.10"), "x");
    }

    @Test
    void aStreamedDocumentAddsAndWidensColumnsBeforeItsRow() {
        TableSchema schema = FlattenedColumns.infer(IdKind.INT32, List.of(BsonDocument.parse("{_id: 1, age: 30, name: 'ann'}")));
        BsonDocument document = BsonDocument.parse("{_id: 2, age: 30.5, name: 'bob', vip: true}");

        List<SchemaChangeEvent> changes = flattened.evolve(PEOPLE, schema, document);

        assertThat(changes).extracting(SchemaChangeEvent::change).containsExactly(
                new SchemaChange.AlterColumnType("age", DataType.of(TypeKind.DOUBLE)),
                new SchemaChange.AddColumn(new Column("vip", DataType.of(TypeKind.BOOLEAN)), Optional.of("name")));
        TableSchema after = changes.get(1).schemaAfter();
        assertThat(after.columnNames()).containsExactly("_id", "age", "name", "vip");
        assertThat(flattened.row(PEOPLE, after, document)).containsExactly(2, 30.5, "bob", true);
        assertThat(flattened.evolve(PEOPLE, after, BsonDocument.parse("{_id: 3, age: 4, vip: false}"))).as("fits as it is").isEmpty();
    }

    @Test
    void aSnapshotDocumentTheColumnsCannotHoldStopsWithWhatToDo() {
        TableSchema schema = FlattenedColumns.infer(IdKind.INT32, List.of(BsonDocument.parse("{_id: 1, age: 30}")));

        assertThatThrownBy(() -> flattened.row(PEOPLE, schema, BsonDocument.parse("{_id: 2, age: 'old'}")))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TYPE_UNSUPPORTED))
                .hasMessageContaining("age (STRING, column INTEGER)").hasMessageContaining("document.flatten.sample-size");
        assertThatThrownBy(() -> flattened.row(PEOPLE, schema, BsonDocument.parse("{_id: 2, age: 3, extra: 1}")))
                .hasMessageContaining("extra (no column)");
    }

    @Test
    void wholeDocumentsStayOneColumn() {
        TableSchema schema = MongoSchemas.schema(IdKind.INT32);
        DocumentRows whole = new DocumentRows(false);
        BsonDocument document = BsonDocument.parse("{_id: 5, anything: [1]}");

        assertThat(whole.evolve(PEOPLE, schema, document)).isEmpty();
        assertThat(whole.row(PEOPLE, schema, document)).containsExactly(5, BsonValues.document(document));
    }
}
