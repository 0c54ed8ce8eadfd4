package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import java.util.List;
import java.util.Optional;
import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;

class TableRouterTest {
    @Test
    void firstMatchingRouteWinsAndReplaceSymbolTakesTheTableName() {
        TableRouter router = new TableRouter(List.of(
                new RouteDefinition("appdb.public.orders", "public.orders_copy", Optional.empty(), Optional.empty()),
                new RouteDefinition("appdb.public.\\.*", "archive.<>", Optional.of("<>"), Optional.empty())));

        assertThat(router.route(TableId.of("appdb", "public", "orders"))).isEqualTo(TableId.ofSchemaTable("public", "orders_copy"));
        assertThat(router.route(TableId.of("appdb", "public", "items"))).isEqualTo(TableId.ofSchemaTable("archive", "items"));
    }

    @Test
    void withoutARouteATableKeepsItsSchemaAndName() {
        TableRouter router = new TableRouter(List.of());
        assertThat(router.route(TableId.of("appdb", "sales", "orders"))).isEqualTo(TableId.ofSchemaTable("sales", "orders"));
        assertThat(router.route(TableId.ofDatabaseTable("shop", "orders"))).isEqualTo(TableId.ofSchemaTable("shop", "orders"));
    }

    @Test
    void aPatternWithoutReplaceSymbolOrTwoRoutesToOneTableMayMergeTables() {
        assertThat(new TableRouter(List.of(new RouteDefinition("app.public.order_\\.*", "ods.orders", Optional.empty(), Optional.empty()))).mayMerge())
                .isTrue();
        assertThat(new TableRouter(List.of(new RouteDefinition("app.public.a", "ods.t", Optional.empty(), Optional.empty()),
                new RouteDefinition("app.public.b", "ods.t", Optional.empty(), Optional.empty()))).mayMerge()).isTrue();
        assertThat(new TableRouter(List.of(new RouteDefinition("app.public.\\.*", "ods.<>", Optional.of("<>"), Optional.empty()),
                new RouteDefinition("app.public.orders", "ods.orders_copy", Optional.empty(), Optional.empty()))).mayMerge()).isFalse();
        assertThat(new TableRouter(List.of()).mayMerge()).isFalse();
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsIt() {
        TableRouter router = new TableRouter(List.of(new RouteDefinition("a.b.c", "x.y", Optional.of("<>"), Optional.of("d"))));
        TableRouter copy = SerializationUtils.roundtrip(router);
        assertThat(copy.route(TableId.of("a", "b", "c"))).isEqualTo(TableId.ofSchemaTable("x", "y"));
    }
}
