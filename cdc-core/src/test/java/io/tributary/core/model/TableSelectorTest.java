package io.tributary.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableSelectorTest {
    @Test
    void matchesEachPartAsAWholeRegularExpression() {
        TableSelector selector = TableSelector.parse("app_db.order_\\.*");
        assertThat(selector.matches(TableId.ofDatabaseTable("app_db", "order_1"))).isTrue();
        assertThat(selector.matches(TableId.ofDatabaseTable("app_db", "orders"))).isFalse();
        assertThat(selector.matches(TableId.ofDatabaseTable("app_dbx", "order_1"))).isFalse();
    }

    @Test
    void aPostgresTableMatchesFlinkCdcsSchemaTableFormAsWellAsItsFullId() {
        TableId orders = TableId.of("appdb", "public", "orders");
        assertThat(TableSelector.parse("public.orders").matches(orders)).as("Flink CDC's id of a PostgreSQL table").isTrue();
        assertThat(TableSelector.parse("appdb.public.orders").matches(orders)).isTrue();
        assertThat(TableSelector.parse("public.order_\\.*").matches(orders)).isFalse();
        assertThat(TableSelector.parse("appdb.orders").matches(orders)).as("two parts are schema and table, not database and table").isFalse();
        assertThat(TableSelector.parse("orders").matches(orders)).isFalse();
    }
}
