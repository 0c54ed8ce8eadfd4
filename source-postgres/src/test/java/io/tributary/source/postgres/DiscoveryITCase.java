package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.testing.TestingPostgresServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiscoveryITCase {
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void mapsEverySupportedColumnType() {
        TestDatabase db = TestDatabase.create(server, "types");
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE DOMAIN short_code AS varchar(8)",
                "CREATE TABLE all_types (id bigserial PRIMARY KEY, small smallint NOT NULL, i integer, s serial, r real, d double precision, "
                        + "n numeric(12,3), n_any numeric, t text, vc varchar(20), vc_any varchar, c char(5), b boolean, by bytea, "
                        + "dt date, tm time(3), ts timestamp, ts0 timestamp(0), tz timestamptz(3), u uuid, j json, jb jsonb, "
                        + "m mood, code short_code, ints int4[], texts text[], tss timestamptz[], doubled integer GENERATED ALWAYS AS (i * 2) STORED)");

        CapturedTable table = only(db.dialect("public.all_types").discoverTables());

        assertThat(table.tableId()).isEqualTo(TableId.of(db.name(), "public", "all_types"));
        Map<String, DataType> types = table.schema().columns().stream().collect(Collectors.toMap(Column::name, Column::type));
        assertThat(table.schema().columnNames()).as("generated columns are not captured: pgoutput does not send them")
                .containsExactly("id", "small", "i", "s", "r", "d", "n", "n_any", "t", "vc", "vc_any", "c", "b", "by", "dt", "tm", "ts", "ts0",
                        "tz", "u", "j", "jb", "m", "code", "ints", "texts", "tss");
        assertThat(types.get("id")).isEqualTo(DataType.of(TypeKind.BIGINT).notNull());
        assertThat(types.get("small")).isEqualTo(DataType.of(TypeKind.SMALLINT).notNull());
        assertThat(types.get("i")).isEqualTo(DataType.of(TypeKind.INTEGER));
        assertThat(types.get("s")).isEqualTo(DataType.of(TypeKind.INTEGER).notNull());
        assertThat(types.get("r")).isEqualTo(DataType.of(TypeKind.FLOAT));
        assertThat(types.get("d")).isEqualTo(DataType.of(TypeKind.DOUBLE));
        assertThat(types.get("n")).isEqualTo(DataType.decimal(12, 3));
        assertThat(types.get("n_any")).isEqualTo(DataType.of(TypeKind.DECIMAL));
        assertThat(types.get("t")).isEqualTo(DataType.of(TypeKind.TEXT));
        assertThat(types.get("vc")).isEqualTo(DataType.withLength(TypeKind.VARCHAR, 20));
        assertThat(types.get("vc_any")).isEqualTo(DataType.of(TypeKind.VARCHAR));
        assertThat(types.get("c")).isEqualTo(DataType.withLength(TypeKind.CHAR, 5));
        assertThat(types.get("b")).isEqualTo(DataType.of(TypeKind.BOOLEAN));
        assertThat(types.get("by")).isEqualTo(DataType.of(TypeKind.BYTES));
        assertThat(types.get("dt")).isEqualTo(DataType.of(TypeKind.DATE));
        assertThat(types.get("tm")).isEqualTo(DataType.temporal(TypeKind.TIME, 3));
        assertThat(types.get("ts")).isEqualTo(DataType.temporal(TypeKind.TIMESTAMP, 6));
        assertThat(types.get("ts0")).isEqualTo(DataType.temporal(TypeKind.TIMESTAMP, 0));
        assertThat(types.get("tz")).isEqualTo(DataType.temporal(TypeKind.TIMESTAMP_TZ, 3));
        assertThat(types.get("u")).isEqualTo(DataType.of(TypeKind.UUID));
        assertThat(types.get("j")).isEqualTo(DataType.of(TypeKind.JSON));
        assertThat(types.get("jb")).isEqualTo(DataType.of(TypeKind.JSON));
        assertThat(types.get("m")).as("enum").isEqualTo(DataType.of(TypeKind.VARCHAR));
        assertThat(types.get("code")).as("domain over varchar(8)").isEqualTo(DataType.withLength(TypeKind.VARCHAR, 8));
        assertThat(types.get("ints")).isEqualTo(DataType.arrayOf(DataType.of(TypeKind.INTEGER)));
        assertThat(types.get("texts")).isEqualTo(DataType.arrayOf(DataType.of(TypeKind.TEXT)));
        assertThat(types.get("tss")).isEqualTo(DataType.arrayOf(DataType.temporal(TypeKind.TIMESTAMP_TZ, 6)));
    }

    @Test
    void listsCompositePrimaryKeyInKeyOrderNotColumnOrder() {
        TestDatabase db = TestDatabase.create(server, "keys");
        db.execute("CREATE TABLE lines (note text, line int, order_id bigint, PRIMARY KEY (order_id, line))",
                "CREATE TABLE no_key (a int, b text)", "ALTER TABLE no_key REPLICA IDENTITY FULL");

        List<CapturedTable> tables = db.dialect("public.\\.*").discoverTables();

        assertThat(tables).extracting(t -> t.tableId().table()).containsExactly("lines", "no_key");
        assertThat(tables.get(0).schema().primaryKey()).containsExactly("order_id", "line");
        assertThat(tables.get(1).schema().primaryKey()).isEmpty();
    }

    @Test
    void estimatesRowsByCountingNeverAnalyzedTablesAndFromStatisticsOtherwise() {
        TestDatabase db = TestDatabase.create(server, "estimates");
        db.execute("CREATE TABLE fresh (id int PRIMARY KEY)", "INSERT INTO fresh SELECT generate_series(1, 1234)",
                "CREATE TABLE analyzed (id int PRIMARY KEY)", "INSERT INTO analyzed SELECT generate_series(1, 5000)", "ANALYZE analyzed",
                "CREATE TABLE empty (id int PRIMARY KEY)");

        Map<String, Long> estimates = db.dialect("public.\\.*").discoverTables().stream()
                .collect(Collectors.toMap(t -> t.tableId().table(), CapturedTable::estimatedRows));

        assertThat(estimates).containsEntry("fresh", 1234L).containsEntry("analyzed", 5000L).containsEntry("empty", 0L);
    }

    @Test
    void includesAndExcludesByRegularExpressionsOverSchemaAndTable() {
        TestDatabase db = TestDatabase.create(server, "patterns");
        db.execute("CREATE SCHEMA sales", "CREATE SCHEMA sales_archive",
                "CREATE TABLE public.orders (id int PRIMARY KEY)", "CREATE TABLE public.order_items (id int PRIMARY KEY)",
                "CREATE TABLE public.customers (id int PRIMARY KEY)", "CREATE TABLE sales.q1 (id int PRIMARY KEY)",
                "CREATE TABLE sales.q2 (id int PRIMARY KEY)", "CREATE TABLE sales_archive.q1 (id int PRIMARY KEY)");

        assertThat(tableNames(db, Map.of("tables", db.name() + ".public.order\\.*"))).containsExactly("public.order_items", "public.orders");
        assertThat(tableNames(db, Map.of("tables", db.name() + ".sales.\\.*, " + db.name() + ".public.customers")))
                .containsExactly("public.customers", "sales.q1", "sales.q2");
        assertThat(tableNames(db, Map.of("tables", db.name() + ".sales\\.*.q1"))).containsExactly("sales.q1", "sales_archive.q1");
        assertThat(tableNames(db, Map.of("tables", db.name() + ".\\.*.\\.*", "tables.exclude", db.name() + ".sales\\.*.\\.*,"
                + db.name() + ".public.order_items"))).containsExactly("public.customers", "public.orders");
    }

    @Test
    void failsNamingThePatternAndExistingTablesWhenNothingMatches() {
        TestDatabase db = TestDatabase.create(server, "nomatch");
        db.execute("CREATE TABLE orders (id int PRIMARY KEY)");

        assertThatThrownBy(() -> db.dialect("public.order").discoverTables())
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_NO_TABLES))
                .hasMessageContaining(db.name() + ".public.order'").hasMessageContaining(db.name() + ".public.orders");
    }

    private static List<String> tableNames(TestDatabase db, Map<String, String> overrides) {
        Map<String, String> settings = db.settings("public.x");
        settings.putAll(overrides);
        return new PostgresDialect(TestDatabase.options(settings)).discoverTables().stream()
                .map(t -> t.tableId().schema().orElseThrow() + "." + t.tableId().table()).toList();
    }

    private static CapturedTable only(List<CapturedTable> tables) {
        assertThat(tables).hasSize(1);
        return tables.get(0);
    }
}
