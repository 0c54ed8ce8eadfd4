package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.transform.ConverterAfterTransform;
import io.tributary.core.transform.TransformDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransformBlockParserTest {
    private static final String SOURCE_AND_SINK = """
            source:
              type: test-source
              hostname: 127.0.0.1
              tables: app_db.\\.*
            sink:
              type: test-sink
              url: jdbc:postgresql://127.0.0.1:5432/replica
            """;

    private final PipelineParser parser = new PipelineParser(Map.of());

    @Test
    void readsFlinkCdcTransformEntries() {
        PipelineDefinition definition = parser.parse("pipeline.yaml", SOURCE_AND_SINK + """
                transform:
                  - source-table: app_db.orders
                    projection: id, order_id, UPPER(product_name) AS product_name, price * qty AS total, __table_name__, __op_type__
                    filter: id > 10 AND status <> 'test'
                    primary-keys: id, order_id
                    partition-keys: product_name
                    table-options: bucket=4, comment=orders
                    converter-after-transform: SOFT_DELETE
                    description: trim and enrich orders
                  - source-table: app_db.web_order_\\.*
                    projection: \\*, CONCAT(id, '-', order_id) AS uniq_id
                """);

        assertThat(definition.transforms()).hasSize(2);
        TransformDefinition orders = definition.transforms().get(0);
        assertThat(orders.sourceTable().matches(TableId.ofDatabaseTable("app_db", "orders"))).isTrue();
        assertThat(orders.projection()).contains("id, order_id, UPPER(product_name) AS product_name, price * qty AS total, __table_name__, __op_type__");
        assertThat(orders.filter()).contains("id > 10 AND status <> 'test'");
        assertThat(orders.primaryKeys()).containsExactly("id", "order_id");
        assertThat(orders.partitionKeys()).containsExactly("product_name");
        assertThat(orders.tableOptions()).containsExactly(Map.entry("bucket", "4"), Map.entry("comment", "orders"));
        assertThat(orders.converterAfterTransform()).contains(ConverterAfterTransform.SOFT_DELETE);
        assertThat(orders.description()).contains("trim and enrich orders");
        TransformDefinition web = definition.transforms().get(1);
        assertThat(web.sourceTable().matches(TableId.ofDatabaseTable("app_db", "web_order_17"))).isTrue();
        assertThat(web.sourceTable().matches(TableId.ofDatabaseTable("app_db", "orders"))).isFalse();
        assertThat(web.projection()).contains("*, CONCAT(id, '-', order_id) AS uniq_id");
        assertThat(web.filter()).isEmpty();
        assertThat(web.primaryKeys()).isEmpty();
        assertThat(web.converterAfterTransform()).isEqualTo(Optional.empty());
    }

    @Test
    void aFileWithoutTransformsHasNone() {
        assertThat(parser.parse("pipeline.yaml", SOURCE_AND_SINK).transforms()).isEqualTo(List.of());
    }

    @Test
    void aSyntaxErrorNamesFileLineKeyExpressionAndPosition() {
        assertError("""
                transform:
                  - source-table: app_db.orders
                    projection: id, UPPER(name AS n
                """, "pipeline.yaml:10: key 'projection' in transform #1: projection 'id, UPPER(name AS n' has a syntax error at column 16: Encountered \"AS\"");
        assertError("""
                transform:
                  - source-table: app_db.orders
                    filter: id > AND x
                """, "pipeline.yaml:10: key 'filter' in transform #1: filter 'id > AND x' has a syntax error at column 4: Encountered \"> AND\"");
    }

    @Test
    void anUnknownFunctionIsNamedWithTheFunctionsThereAre() {
        assertError("""
                transform:
                  - source-table: app_db.orders
                    projection: id, SHOUT(name) AS name
                """, "pipeline.yaml:10: key 'projection' in transform #1: projection item 'SHOUT(name) AS name': unknown function SHOUT in 'SHOUT(name)';"
                + " the functions are CONCAT, FORMAT, UPPER");
        assertError("""
                transform:
                  - source-table: app_db.orders
                    filter: SUBSTR(name) = 'a'
                """, "pipeline.yaml:10: key 'filter' in transform #1: filter 'SUBSTR(name) = 'a'': 'SUBSTR(name)' has 1 argument; it takes 2 to 3");
    }

    @Test
    void aComputedColumnNeedsAName() {
        assertError("""
                transform:
                  - source-table: app_db.orders
                    projection: id, price * qty
                """, "pipeline.yaml:10: key 'projection' in transform #1: projection 'id, price * qty': the computed column price * qty has no name."
                + " Name it with AS");
    }

    @Test
    void keysMustBeColumnsTheProjectionProduces() {
        assertError("""
                transform:
                  - source-table: app_db.orders
                    projection: id, UPPER(name) AS name
                    primary-keys: id, order_id
                """, "pipeline.yaml:11: key 'primary-keys' in transform #1 names the column 'order_id', which the projection does not produce."
                + " It produces id, name.");
    }

    @Test
    void unknownKeysAndConvertersAreNamed() {
        assertError("""
                transform:
                  - source-table: app_db.orders
                    projections: id
                """, ErrorCode.CONFIG_UNKNOWN_OPTION, "pipeline.yaml:10: unknown key 'projections' in transform #1. Did you mean 'projection'?");
        assertError("""
                transform:
                  - source-table: app_db.orders
                    converter-after-transform: HARD_DELETE
                """, "pipeline.yaml:10: key 'converter-after-transform' in transform #1 is 'HARD_DELETE'; the converter Tributary has is [SOFT_DELETE].");
        assertError("""
                transform:
                  - projection: id
                """, ErrorCode.CONFIG_MISSING_OPTION, "pipeline.yaml:9: transform #1 is missing the required key 'source-table'");
        assertError("""
                transform:
                  - source-table: app_db.orders
                    table-options: bucket
                """, "pipeline.yaml:10: key 'table-options' in transform #1: 'bucket' is not key=value.");
    }

    private void assertError(String transform, String messageStart) {
        assertError(transform, ErrorCode.CONFIG_INVALID, messageStart);
    }

    private void assertError(String transform, ErrorCode code, String messageStart) {
        assertThatThrownBy(() -> parser.parse("pipeline.yaml", SOURCE_AND_SINK + transform))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageStartingWith(messageStart);
    }
}
