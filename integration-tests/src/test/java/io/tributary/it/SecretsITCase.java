package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords given through {@code ${VAR}} never show: not in the process's log (Tributary at DEBUG,
 * everything else at INFO), not in {@code /status}, {@code /metrics} or {@code /health/*}, not in
 * what {@code validate} prints (also when the sink refuses the password), not in the error of a
 * failing run (with {@code --verbose} stack traces; refused at the start, and refused by the sink
 * while streaming), and not in any file of the state directory
 * (checkpoints, savepoints). Every socket the running process listens on is bound to 127.0.0.1.
 */
class SecretsITCase {
    private static final String SOURCE_SECRET = "SrcPw-7f3a9c21e";
    private static final String SINK_SECRET = "SinkPw-b40d6e58";
    private static final String WRONG_SECRET = "WrongPw-51c2aa90";
    private static final List<String> SECRETS = List.of(SOURCE_SECRET, SINK_SECRET, WRONG_SECRET);

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServers() {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.requirePasswords();
        source.createDatabase("shop");
        source.createUser("cdc", SOURCE_SECRET, "REPLICATION");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g",
                "ALTER TABLE items OWNER TO cdc",
                "GRANT CREATE ON DATABASE shop TO cdc");
        target.requirePasswords();
        target.createDatabase("warehouse");
        target.createUser("writer", SINK_SECRET, "");
        target.execute("warehouse", "GRANT CREATE ON SCHEMA public TO writer");
    }

    @AfterAll
    static void stopServers() {
        for (TestingPostgresServer server : new TestingPostgresServer[] {source, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void secretsShowNowhereAndEverySocketIsOnLoopback() throws Exception {
        Path file = Files.writeString(work.resolve("secrets.yaml"), """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: ${PG_PASSWORD}
                  tables: shop.public.items
                  slot.name: secrets
                sink:
                  type: jdbc
                  url: %s
                  username: writer
                  password: ${TARGET_PASSWORD}
                pipeline:
                  name: secrets
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), target.jdbcUrl("warehouse")));
        Map<String, String> good = Map.of("PG_PASSWORD", SOURCE_SECRET, "TARGET_PASSWORD", SINK_SECRET);
        Map<String, String> wrongSink = Map.of("PG_PASSWORD", SOURCE_SECRET, "TARGET_PASSWORD", WRONG_SECRET);
        Path state = work.resolve("state");
        Map<String, String> shown = new LinkedHashMap<>();

        shown.put("validate", exited(0, "validate", good, "validate", file.toString(), "--state-dir", state.toString(), "--verbose"));
        shown.put("validate with a wrong sink password", exited(1, "validate-wrong", wrongSink, "validate", file.toString(), "--state-dir",
                state.toString(), "--verbose"));
        shown.put("run with a wrong sink password", exited(1, "run-wrong", wrongSink, "run", file.toString(), "--state-dir", state.toString(),
                "--verbose"));
        assertThat(shown.get("validate with a wrong sink password")).contains("SINK_AUTHENTICATION_FAILED");

        int port = freePort();
        try (TributaryProcess process = TributaryProcess.startWithEnvironment(work.resolve("run.log"), good, TributaryProcess.logConfig("log4j2-everything.properties"),
                "run", file.toString(), "--state-dir", state.toString(), "--http-port", String.valueOf(port), "--verbose")) {
            awaitReady(port, process);
            source.execute("shop", "UPDATE items SET name = name || ' changed' WHERE id <= 10");
            awaitTargetRows("SELECT count(*) FROM items WHERE name LIKE '%changed'", 10, process);
            for (String path : List.of("/status", "/metrics", "/health/live", "/health/ready")) {
                shown.put(path, get(port, path).body());
            }
            List<String> listening = listeningAddresses(process.pid());
            System.out.println("tributary run listens on " + listening);
            assertThat(listening).as("addresses the process listens on").contains("127.0.0.1:" + port)
                    .allSatisfy(address -> assertThat(address).as("listening address").startsWith("127.0.0.1:"));
            assertThat(process.terminate(Duration.ofSeconds(120))).as("exit code after SIGTERM").isIn(0, 143);
            shown.put("log of the run", process.output());
        }
        shown.put("run that fails while streaming", runUntilTheSinkRefusesItsPassword(file, good, state, port));
        for (Map.Entry<String, String> entry : shown.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(entry.getValue()).as(entry.getKey() + " must not show a password").doesNotContain(secret);
            }
        }
        List<Path> stateFiles;
        try (Stream<Path> files = Files.walk(state)) {
            stateFiles = files.filter(Files::isRegularFile).toList();
        }
        assertThat(stateFiles).as("checkpoint and savepoint files").isNotEmpty();
        System.out.println("searched " + stateFiles.size() + " state files and " + shown.size() + " outputs (" + shown.keySet() + ") for the passwords");
        for (Path stateFile : stateFiles) {
            String bytes = new String(Files.readAllBytes(stateFile), StandardCharsets.ISO_8859_1);
            for (String secret : SECRETS) {
                assertThat(bytes.contains(secret)).as(stateFile + " must not hold a password").isFalse();
            }
        }
    }

    /**
     * Resumes the pipeline, then changes the sink user's password and ends its sessions: the sink's
     * reconnect is refused, which ends the run (a restart cannot fix it). Returns the run's output.
     */
    private String runUntilTheSinkRefusesItsPassword(Path file, Map<String, String> environment, Path state, int port) throws Exception {
        try (TributaryProcess process = TributaryProcess.startWithEnvironment(work.resolve("run-failing.log"), environment,
                TributaryProcess.logConfig("log4j2-everything.properties"), "run", file.toString(), "--state-dir", state.toString(),
                "--http-port", String.valueOf(port), "--verbose")) {
            awaitReady(port, process);
            target.execute("postgres", "ALTER ROLE writer PASSWORD 'changed-meanwhile'",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'writer'");
            source.execute("shop", "UPDATE items SET name = name || ' again' WHERE id = 1");
            assertThat(process.awaitExit(Duration.ofSeconds(120))).as("exit code of the failing run:\n" + process.tail()).isEqualTo(1);
            assertThat(process.output()).contains("error: [SINK_AUTHENTICATION_FAILED]");
            return process.output();
        } finally {
            target.execute("postgres", "ALTER ROLE writer PASSWORD '" + SINK_SECRET + "'");
        }
    }

    /** Runs a command to its end in its own JVM and returns its whole output. */
    private String exited(int exitCode, String name, Map<String, String> environment, String... args) throws Exception {
        try (TributaryProcess process = TributaryProcess.startWithEnvironment(work.resolve(name + ".log"), environment,
                TributaryProcess.logConfig("log4j2-everything.properties"), args)) {
            assertThat(process.awaitExit(Duration.ofSeconds(120))).as(name + ":\n" + process.tail()).isEqualTo(exitCode);
            return process.output();
        }
    }

    /**
     * The local addresses of the TCP sockets the process listens on: its socket inodes from
     * {@code /proc/PID/fd}, looked up in {@code /proc/PID/net/tcp} and {@code tcp6} (state 0A, LISTEN).
     */
    private static List<String> listeningAddresses(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed while listing is no listening socket.
                }
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    addresses.add(address(fields[1]));
                }
            }
        }
        return addresses;
    }

    /** {@code 0100007F:1F90} (or its IPv6 form) as {@code 127.0.0.1:8080}; other addresses as written. */
    private static String address(String hexAddress) {
        String[] parts = hexAddress.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String host = parts[0];
        if (host.length() == 32 && host.startsWith("0000000000000000FFFF0000")) {
            host = host.substring(24);
        } else if (host.equals("00000000000000000000000001000000")) {
            return "127.0.0.1:" + port + " (::1)";
        }
        if (host.length() == 8) {
            long value = Long.parseLong(host, 16);
            return (value & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 24 & 0xFF) + ":" + port;
        }
        return host + ":" + port;
    }

    private void awaitReady(int port, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited:\n" + process.tail());
            }
            try {
                if (get(port, "/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The HTTP endpoint starts with the job.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health/ready never turned 200:\n" + process.tail());
    }

    private static void awaitTargetRows(String sql, int rows, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = target.connect("warehouse"); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                if (rs.next() && rs.getInt(1) >= rows) {
                    return;
                }
            } catch (java.sql.SQLException tableNotYetCreated) {
                // The sink creates the table with the first rows.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the target never held " + rows + " rows for " + sql + ":\n" + process.tail());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
