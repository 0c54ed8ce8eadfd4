package io.tributary.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class RecordLayoutTest {
    @Test
    void tableIdHeadersNameThePartsAsFlinkCdcDoes() {
        RecordLayout layout = new RecordLayout(KeyFormat.JSON, true, Map.of(), false);
        assertThat(headers(layout, TableId.parse("app.public.orders")))
                .containsExactly("namespace=app", "schemaName=public", "tableName=orders");
        assertThat(headers(layout, TableId.parse("app_db.orders")))
                .containsExactly("namespace=", "schemaName=app_db", "tableName=orders");
    }

    @Test
    void customHeadersFollowInTheirOrder() {
        RecordLayout layout = new RecordLayout(KeyFormat.JSON, true, RecordLayout.parseCustomHeaders("team:orders,env:prod"), false);
        assertThat(headers(layout, TableId.parse("app_db.orders")))
                .containsExactly("namespace=", "schemaName=app_db", "tableName=orders", "team=orders", "env=prod");
        assertThat(headers(RecordLayout.defaults(), TableId.parse("app_db.orders"))).isEmpty();
    }

    @Test
    void csvKeysAreTheKeyValuesInKeyOrderQuotedWhereNeeded() {
        TableSchema schema = new TableSchema(List.of(new Column("region", DataType.of(TypeKind.TEXT).notNull()),
                new Column("id", DataType.of(TypeKind.BIGINT).notNull()), new Column("note", DataType.of(TypeKind.TEXT))), List.of("id", "region"));
        ChangeEventEncoder csv = new ChangeEventEncoder(ValueFormat.DEBEZIUM_JSON, new RecordLayout(KeyFormat.CSV, false, Map.of(), false), "pipe");
        TableId table = TableId.parse("app_db.orders");
        assertThat(key(csv, DataChangeEvent.insert(table, new Object[] {"eu", 7L, "x"}, 1L), schema)).isEqualTo("7,eu");
        assertThat(key(csv, DataChangeEvent.insert(table, new Object[] {"north, \"east\"", 8L, null}, 1L), schema))
                .isEqualTo("8,\"north, \"\"east\"\"\"");
        assertThat(key(csv, DataChangeEvent.insert(table, new Object[] {"", 9L, null}, 1L), schema)).isEqualTo("9,\"\"");
    }

    private static String key(ChangeEventEncoder encoder, DataChangeEvent change, TableSchema schema) {
        return new String(encoder.key(change, schema).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static List<String> headers(RecordLayout layout, TableId table) {
        return Arrays.stream(layout.headers(table)).map(RecordLayoutTest::text).toList();
    }

    private static String text(Header header) {
        return header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8);
    }
}
