package io.tributary.cli.demo;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Changes the shop database a few times per second, as an application would: new customers,
 * orders placed and cancelled, products added and sold out. Runs on its own named thread until
 * closed.
 */
final class ShopWorkload implements AutoCloseable {
    private static final long TICK_MILLIS = 250;

    private final Connection connection;
    private final ScheduledExecutorService executor;
    private final Random random = new Random(42);
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Optional<String> firstFailure = Optional.empty();
    private long nextCustomer = ShopDatabase.CUSTOMERS + 1;
    private long nextOrder = ShopDatabase.ORDERS + 1;
    private long nextProduct = ShopDatabase.PRODUCTS + 1;

    private ShopWorkload(Connection connection) {
        this.connection = requireNonNull(connection, "connection is null");
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "tributary-demo-workload"));
    }

    static ShopWorkload start(DemoPostgresServer server) throws SQLException {
        Connection connection = server.connect(ShopDatabase.NAME);
        connection.setAutoCommit(false);
        ShopWorkload workload = new ShopWorkload(connection);
        workload.executor.scheduleAtFixedRate(workload::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return workload;
    }

    long committedTransactions() {
        return committed.get();
    }

    long failedTransactions() {
        return failed.get();
    }

    Optional<String> firstFailure() {
        return firstFailure;
    }

    /** One transaction of one or two statements. */
    private void tick() {
        try {
            switch (random.nextInt(6)) {
                case 0 -> update("INSERT INTO customers (id, name, email) VALUES (?, 'Customer ' || ?, 'new' || ? || '@example.com')",
                        nextCustomer, nextCustomer, nextCustomer++);
                case 1 -> update("UPDATE customers SET email = 'changed' || ? || '@example.com', vip = NOT vip WHERE id = ?",
                        random.nextInt(1000), randomCustomer());
                case 2 -> placeOrder();
                case 3 -> update("UPDATE orders SET status = 'shipped', amount = amount + 1 WHERE customer_id = ?", randomCustomer());
                case 4 -> update("DELETE FROM orders WHERE (customer_id, order_no) IN"
                        + " (SELECT customer_id, order_no FROM orders WHERE customer_id = ? LIMIT 1)", randomCustomer());
                default -> changeProducts();
            }
            connection.commit();
            committed.incrementAndGet();
        } catch (SQLException e) {
            failed.incrementAndGet();
            if (firstFailure.isEmpty()) {
                firstFailure = Optional.of(e.getMessage());
            }
            rollback();
        }
    }

    private void placeOrder() throws SQLException {
        update("INSERT INTO orders (customer_id, order_no, amount, status) VALUES (?, ?, ?, 'new')",
                randomCustomer(), nextOrder++, new BigDecimal(random.nextInt(50_000)).movePointLeft(2));
        update("UPDATE products SET stock = stock - 1 WHERE sku = " + ShopDatabase.sku("?::int"), 1 + random.nextInt((int) nextProduct - 1));
    }

    private void changeProducts() throws SQLException {
        if (random.nextBoolean()) {
            update("INSERT INTO products (sku, title, price, stock) VALUES (" + ShopDatabase.sku("?::int") + ", 'New product', 9.99, 10)",
                    nextProduct++);
        } else {
            update("DELETE FROM products WHERE sku = " + ShopDatabase.sku("?::int"), 1 + random.nextInt((int) nextProduct - 1));
        }
    }

    private long randomCustomer() {
        return 1 + (long) random.nextInt((int) nextCustomer - 1);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the next tick fails and is counted too.
        }
    }

    /** Stops changing the database and waits for the current transaction to finish. */
    @Override
    public void close() throws SQLException {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The demo workload did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }
}
