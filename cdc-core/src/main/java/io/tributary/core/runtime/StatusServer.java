package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Serves the status page ({@code /}), {@code /metrics} (Prometheus text), {@code /health/live},
 * {@code /health/ready}, {@code /status} and {@code /status/history} for a running pipeline, and takes {@code POST /snapshot} (a re-snapshot), on one
 * loopback port, from one named thread.
 */
final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** What a control request answers: an HTTP status code and a line for a person. */
    record Answer(int code, String text) {}

    /**
     * @param resnapshot handles {@code POST /snapshot?table=T[&table=T2...][&where=CONDITION]} (a re-snapshot of the named tables)
     */
    static StatusServer start(String bindAddress, int port, Supplier<PipelineStatus.Report> status, Supplier<String> history,
            BiFunction<List<String>, Optional<String>, Answer> resnapshot) {
        requireNonNull(status, "status is null");
        requireNonNull(history, "history is null");
        requireNonNull(resnapshot, "resnapshot is null");
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
            server.createContext("/status", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/status/history")) {
                    respond(exchange, 200, "application/json", history.get());
                } else if (path.equals("/status") || path.equals("/status/")) {
                    respond(exchange, 200, "application/json", status.get().json());
                } else {
                    respond(exchange, 404, "text/plain", "Not found: " + path + ". See /status and /status/history.\n");
                }
            });
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!path.equals("/") && !path.equals("/index.html")) {
                    respond(exchange, 404, "text/plain", "Not found: " + path + ". The status page is at /, its data at /status.\n");
                } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    respond(exchange, 405, "text/plain", "The status page is read-only.\n");
                } else {
                    exchange.getResponseHeaders().set("Cache-Control", "no-store");
                    respond(exchange, 200, "text/html", StatusPage.html());
                }
            });
            server.createContext("/snapshot", exchange -> {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    respond(exchange, 405, "text/plain", "POST /snapshot?table=db.schema.table[&where=CONDITION] reads that table again.\n");
                    return;
                }
                String query = exchange.getRequestURI().getRawQuery();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<String> tables = new ArrayList<>(parameters(query, "table"));
                tables.addAll(parameters(body, "table"));
                List<String> where = new ArrayList<>(parameters(query, "where"));
                where.addAll(parameters(body, "where"));
                Answer answer = where.size() > 1
                        ? new Answer(400, "Give at most one where= condition; it applies to every table named.\n")
                        : resnapshot.apply(tables, where.stream().findFirst());
                respond(exchange, answer.code(), "text/plain", answer.text());
            });
            server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4", io.tributary.core.metrics.TributaryMeterRegistry.scrape()));
            server.start();
            return new StatusServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve HTTP on " + bindAddress + ":" + port + " (is the port in use? choose another with --http-port)", e);
        }
    }

    /** The values of {@code name} in a query string or form body. */
    private static List<String> parameters(String encoded, String name) {
        List<String> values = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
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
