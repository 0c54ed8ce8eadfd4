package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformSchemaCheckTest {
    private static final TableSchema ORDERS = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("product", DataType.withLength(TypeKind.VARCHAR, 40)),
            new Column("price", DataType.decimal(10, 2)),
            new Column("qty", DataType.of(TypeKind.INTEGER))), List.of("id"));
    private static final TableSchema CUSTOMERS = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("name", DataType.withLength(TypeKind.VARCHAR, 40))), List.of("id"));
    private static final Map<TableId, TableSchema> TABLES = Map.of(
            TableId.ofDatabaseTable("app", "orders_1"), ORDERS,
            TableId.ofDatabaseTable("app", "customers"), CUSTOMERS);

    @TempDir
    Path directory;

    @Test
    void transformsThatFitTheirTablesPass() throws Exception {
        TransformSchemaCheck check = parse("""
                transform:
                  - source-table: app.orders_\\.*
                    projection: \\*, UPPER(product) AS code, price * qty AS total
                    filter: qty > 0 AND total > 10
                    primary-keys: id
                """);

        assertThatCode(() -> check.check(TABLES)).doesNotThrowAnyException();
    }

    @Test
    void anUnknownColumnIsReportedAtTheLineOfItsKey() throws Exception {
        assertRefused("""
                transform:
                  - source-table: app.orders_\\.*
                    projection: id, UPPER(prodct) AS code
                """, ":12: key 'projection' in transform #1 does not fit table app.orders_1 (columns id, product, price, qty):"
                + " projection item 'UPPER(prodct) AS code': unknown column 'prodct'");
        assertRefused("""
                transform:
                  - source-table: app.orders_\\.*
                    projection: \\*, price * qty AS total
                    filter: status <> 'test'
                """, ":13: key 'filter' in transform #1 does not fit table app.orders_1 (columns id, product, price, qty):"
                + " filter 'status <> 'test'': unknown column 'status'");
        assertRefused("""
                transform:
                  - source-table: app.customers
                    description: keyed by name
                    primary-keys: id, region
                """, ":13: key 'primary-keys' in transform #1 does not fit table app.customers (columns id, name):"
                + " primary-keys names the column 'region', which the projection does not produce; it produces id, name");
    }

    @Test
    void onlyTheFirstMatchingEntryIsCheckedAsOnlyItApplies() throws Exception {
        TransformSchemaCheck check = parse("""
                transform:
                  - source-table: app.customers
                    projection: \\*, LOWER(name) AS tag
                  - source-table: app.\\.*
                    filter: qty > 0
                """);

        assertThatCode(() -> check.check(TABLES)).as("customers, without qty, takes the first entry").doesNotThrowAnyException();
        assertThatThrownBy(() -> check.check(Map.of(TableId.ofDatabaseTable("app", "regions"), CUSTOMERS)))
                .hasMessageContaining(":14: key 'filter' in transform #2 does not fit table app.regions (columns id, name): filter 'qty > 0': unknown column 'qty'");
    }

    private void assertRefused(String transform, String message) throws Exception {
        TransformSchemaCheck check = parse(transform);
        assertThatThrownBy(() -> check.check(TABLES))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining(directory.resolve("pipeline.yaml") + message);
    }

    private TransformSchemaCheck parse(String transform) throws Exception {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(file, """
                source:
                  type: test-source
                  hostname: 127.0.0.1
                  tables: app.\\.*
                sink:
                  type: test-sink
                  url: jdbc:postgresql://127.0.0.1:5432/replica
                pipeline:
                  name: check
                """ + transform);
        return new PipelineParser(Map.of()).parseForValidation(file).transformCheck();
    }
}
