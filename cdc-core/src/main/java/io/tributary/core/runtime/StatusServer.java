package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text), {@code /health/live}, {@code /health/ready} and
 * {@code /status} for a running pipeline on one loopback port, from one named thread.
 */
final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static StatusServer start(String bindAddress, int port, Supplier<PipelineStatus.Report> status) {
        requireNonNull(status, "status is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tributary-http");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/health/live", exchange -> respond(exchange, 200, "text/plain", "live\n"));
            server.createContext("/health/ready", exchange -> {
                boolean ready = status.get().ready();
                respond(exchange, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "not ready\n");
            });
            server.createContext("/status", exchange -> respond(exchange, 200, "application/json", status.get().json()));
            server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4", io.tributary.core.metrics.TributaryMeterRegistry.scrape()));
            server.start();
            return new StatusServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve HTTP on " + bindAddress + ":" + port + " (is the port in use? choose another with --http-port)", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + (contentType.contains(";") ? "" : "; charset=utf-8"));
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
