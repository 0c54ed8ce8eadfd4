package io.tributary.core.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /metrics} of a Flink cluster process (JobManager or TaskManager) that loads Tributary's
 * reporter with a {@code port}: the first free port of the configured port or range
 * ({@code 9249} or {@code 9249-9259}, so several TaskManagers fit on one host), served from one
 * named daemon thread.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static MetricsEndpoint start(String bindAddress, String ports, Supplier<String> scrape) {
        requireNonNull(scrape, "scrape is null");
        int[] range = parse(ports);
        for (int port = range[0]; port <= range[1]; port++) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
                ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "tributary-metrics-http");
                    thread.setDaemon(true);
                    return thread;
                });
                server.setExecutor(executor);
                server.createContext("/metrics", exchange -> {
                    byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
                return new MetricsEndpoint(server, executor);
            } catch (BindException inUse) {
                // try the next port of the range
            } catch (IOException e) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "Cannot serve Tributary's /metrics on " + bindAddress + ":" + port + ": "
                        + e.getMessage() + ". Check metrics.reporter.tributary.bind-address in the Flink configuration.", e);
            }
        }
        throw new TributaryException(ErrorCode.CONFIG_INVALID, "Every port of metrics.reporter.tributary.port (" + ports + ") is in use on this host;"
                + " give a range with room for every Flink process on it, e.g. 9249-9259.");
    }

    private static int[] parse(String ports) {
        String[] bounds = ports.trim().split("-");
        try {
            int first = Integer.parseInt(bounds[0].trim());
            int last = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : first;
            if (bounds.length <= 2 && first > 0 && last >= first && last <= 65535) {
                return new int[] {first, last};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TributaryException(ErrorCode.CONFIG_INVALID, "metrics.reporter.tributary.port must be a port or a range like 9249-9259, was '" + ports + "'");
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
