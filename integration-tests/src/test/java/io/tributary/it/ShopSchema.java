package io.tributary.it;

import io.tributary.core.testing.TestingPostgresServer;
import java.util.List;

/**
 * The source tables of the end-to-end tests: a bigint key, a composite key, a text key and a
 * table without a key, with a spread of column types.
 */
final class ShopSchema {
    /** Table name and its columns in comparison order. */
    record Table(String name, String columns) {}

    static final List<Table> TABLES = List.of(
            new Table("customers", "id, name, balance, vip, joined, updated_at, tags, profile"),
            new Table("order_lines", "order_id, line, sku, qty, price, note"),
            new Table("skus", "code, title, weight, data::jsonb, image"),
            new Table("audit_log", "at, kind, detail"));

    private ShopSchema() {}

    static void create(TestingPostgresServer server, String database, int customers) {
        server.execute(database,
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, balance numeric(12,2), vip boolean, joined date,"
                        + " updated_at timestamptz, tags text[], profile jsonb)",
                "CREATE TABLE order_lines (order_id integer, line smallint, sku varchar(32), qty integer, price double precision, note text,"
                        + " PRIMARY KEY (order_id, line))",
                "CREATE TABLE skus (code text PRIMARY KEY, title varchar(200), weight real, data json, image bytea)",
                "CREATE TABLE audit_log (at timestamp, kind varchar(20), detail text)",
                "ALTER TABLE audit_log REPLICA IDENTITY FULL",
                "INSERT INTO customers SELECT g, 'customer ' || g, (g % 10000) / 7.0, g % 3 = 0, date '2020-01-01' + (g % 1000),"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', ARRAY['t' || (g % 5), 'x'],"
                        + " jsonb_build_object('n', g, 'tier', g % 4) FROM generate_series(1, " + customers + ") g",
                "INSERT INTO order_lines SELECT g / 4, (g % 4)::smallint, 'SKU-' || (g % 500), g % 9, g * 0.25, CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || g END"
                        + " FROM generate_series(4, " + (customers / 2 + 3) + ") g",
                "INSERT INTO skus SELECT 'SKU-' || g, 'Item ' || g, g / 3.0, json_build_object('g', g), decode(md5(g::text), 'hex')"
                        + " FROM generate_series(0, " + (customers / 10) + ") g",
                "INSERT INTO audit_log SELECT timestamp '2024-01-01' + g * interval '1 minute', 'kind' || (g % 3), 'detail ' || g"
                        + " FROM generate_series(1, " + (customers / 20) + ") g",
                "ANALYZE");
    }
}
