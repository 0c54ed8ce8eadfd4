package io.tributary.cli.demo;

import java.sql.SQLException;
import java.util.List;

/**
 * The demo's source database {@code shop}: a table with a bigint key, one with a composite key and
 * one with a text key, filled with a few thousand rows.
 */
final class ShopDatabase {
    static final String NAME = "shop";
    static final int CUSTOMERS = 3_000;
    static final int ORDERS = 6_000;
    static final int PRODUCTS = 500;

    static final List<DemoTable> TABLES = List.of(
            new DemoTable("customers", List.of("id", "name", "email", "vip"), List.of("id")),
            new DemoTable("orders", List.of("customer_id", "order_no", "amount", "status"), List.of("customer_id", "order_no")),
            new DemoTable("products", List.of("sku", "title", "price", "stock"), List.of("sku")));

    private ShopDatabase() {}

    /** Creates the database on {@code server} and fills it. */
    static void create(DemoPostgresServer server) throws SQLException {
        server.execute("postgres", "CREATE DATABASE " + NAME);
        server.execute(NAME,
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text, vip boolean NOT NULL DEFAULT false)",
                "CREATE TABLE orders (customer_id bigint NOT NULL, order_no integer NOT NULL, amount numeric(12,2) NOT NULL,"
                        + " status text NOT NULL, PRIMARY KEY (customer_id, order_no))",
                "CREATE TABLE products (sku text PRIMARY KEY, title text NOT NULL, price numeric(12,2) NOT NULL, stock integer NOT NULL)",
                "INSERT INTO customers SELECT g, 'Customer ' || g, 'customer' || g || '@example.com', g % 10 = 0"
                        + " FROM generate_series(1, " + CUSTOMERS + ") g",
                "INSERT INTO orders SELECT 1 + g % " + CUSTOMERS + ", g, round((g * 7.31) % 500, 2) + 1,"
                        + " (ARRAY['new', 'paid', 'shipped'])[1 + g % 3] FROM generate_series(1, " + ORDERS + ") g",
                "INSERT INTO products SELECT " + sku("g") + ", 'Product ' || g, round((g * 3.17) % 200, 2) + 0.5, 100 + g % 50"
                        + " FROM generate_series(1, " + PRODUCTS + ") g");
    }

    /** The SQL expression of the product key for number {@code n}, e.g. {@code SKU-00042}. */
    static String sku(String n) {
        return "'SKU-' || lpad((" + n + ")::text, 5, '0')";
    }
}
