package io.tributary.it;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Polls a running pipeline's {@code /health/ready} as a load balancer or Kubernetes would. */
final class ReadinessProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReadinessProbe() {}

    /** Waits until {@code /health/ready} answers {@code code}; fails if the process exits first. */
    static void awaitReady(TributaryProcess run, int port, int code, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int last = 0;
        while (Instant.now().isBefore(deadline)) {
            if (!run.isAlive()) {
                throw new AssertionError("tributary exited while waiting for /health/ready " + code + ":\n" + run.tail());
            }
            try {
                last = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.net.ConnectException notServingYet) {
                last = 0;
            }
            if (last == code) {
                return;
            }
            Thread.sleep(200); // polling the endpoint
        }
        throw new AssertionError("/health/ready stayed " + last + ", never " + code + " within " + timeout + ":\n" + run.tail());
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
