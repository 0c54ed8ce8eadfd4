package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.core.testing.TestingPostgresServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → PostgreSQL through the command line with user-defined functions from jars given
 * with {@code --jar}, as a Flink CDC user brings them: the function classes are compiled by the
 * test into two jars ({@link FunctionJar}), so that they are on no class path but the one {@code --jar} builds.
 * {@code validate} without the jars refuses the file naming the class; {@code run} with them
 * copies and streams the table, and the target must equal the view the functions describe,
 * computed by the source database itself. A chat model ({@code pipeline.model}) answers from a fake
 * OpenAI-compatible server in the test.
 */
class UserDefinedFunctionITCase {
    /** A function that adds one, reused by {@link RemoteClusterITCase}. */
    static final String BUMP = """
            package com.acme.udf;

            /** Adds the step it sets in open(): a result without open() would be off by one. */
            public class Bump {
                private int step;

                public void open() {
                    step = 1;
                }

                public Integer eval(Integer value) {
                    return value + step;
                }

                public void close() {
                    step = 0;
                }
            }
            """;
    private static final String PRICE_BAND = """
            package com.acme.udf;

            import java.math.BigDecimal;

            /** A price's band; Flink CDC style, the type comes from getReturnType(). */
            public class PriceBand {
                public Object eval(BigDecimal price) {
                    return price.compareTo(BigDecimal.valueOf(50)) < 0 ? "cheap" : "dear";
                }

                public Object getReturnType() {
                    return "VARCHAR(8)";
                }
            }
            """;
    /** The fake chat model answers with the text it gets reversed: "<prompt>: <text>". */
    private static final String EXPECTED = "(SELECT id, qty + 1 AS qty_plus_one, CASE WHEN price < 50 THEN 'cheap' ELSE 'dear' END AS band,"
            + " reverse('order: ' || id) AS summary FROM public.orders WHERE id + 1 > 10) expected";
    private static final String COLUMNS = "id, qty_plus_one, band, summary";
    private static final String API_KEY = "sk-it-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestingPostgresServer source;
    private static TestingPostgresServer target;
    private static HttpServer chatModel;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws IOException {
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("appdb");
        target.createDatabase("replica");
        source.createUser("cdc", "cdc-secret", "REPLICATION");
        source.execute("appdb",
                "CREATE TABLE orders (id int PRIMARY KEY, price numeric(10,2) NOT NULL, qty int NOT NULL)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "INSERT INTO orders SELECT g, (g % 100) + 0.25, g % 13 FROM generate_series(1, 500) g",
                "ALTER TABLE orders OWNER TO cdc", "GRANT CREATE ON DATABASE appdb TO cdc");
        chatModel = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chatModel.createContext("/v1/chat/completions", UserDefinedFunctionITCase::answerChat);
        chatModel.start();
    }

    @AfterAll
    static void stopServers() {
        Stream.of(source, target).filter(Objects::nonNull).forEach(TestingPostgresServer::close);
        if (chatModel != null) {
            chatModel.stop(0);
        }
    }

    /** A fake OpenAI-compatible chat completions endpoint: the user message reversed, for the right key only. */
    private static void answerChat(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        boolean authorized = ("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        ObjectNode response = JSON.createObjectNode();
        if (authorized) {
            String content = request.path("messages").path(0).path("content").asText();
            response.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", new StringBuilder(content).reverse().toString());
        } else {
            response.putObject("error").put("message", "wrong api key");
        }
        byte[] body = response.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void functionsFromJarsGivenWithJarRunInThePipeline() throws Exception {
        Path bumpJar = FunctionJar.compile(work, "bump", "Bump", BUMP);
        Path bandJar = FunctionJar.compile(work, "band", "PriceBand", PRICE_BAND);
        Path pipeline = writePipeline();
        Path state = work.resolve("state");
        try (TributaryProcess validate = TributaryProcess.start(work.resolve("validate.log"), "validate", pipeline.toString(), "--state-dir", state.toString())) {
            assertThat(validate.awaitExit(Duration.ofSeconds(60))).as("exit code of validate without --jar:\n" + validate.tail()).isEqualTo(2);
            assertThat(validate.output()).contains(pipeline + ":18: user-defined function 'bump': its class com.acme.udf.Bump is not on the class path."
                    + " Give the jar that holds it with --jar PATH");
        }
        try (TributaryProcess run = TributaryProcess.start(work.resolve("run.log"), "run", pipeline.toString(), "--state-dir", state.toString(),
                "--jar", bumpJar.toString(), "--jar", bandJar.toString())) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(120));
            awaitTargetEqual(run);
            source.execute("appdb",
                    "UPDATE orders SET price = 75.00, qty = 40 WHERE id BETWEEN 20 AND 40",
                    "DELETE FROM orders WHERE id BETWEEN 41 AND 45",
                    "INSERT INTO orders VALUES (501, 10.00, 1), (502, 90.00, 2), (5, 1.00, 1) ON CONFLICT (id) DO UPDATE SET qty = 99");
            awaitTargetEqual(run);
            assertThat(run.problems()).as("warnings and errors of the run").doesNotContain(" ERROR ");
            assertThat(run.output()).as("the run's output").doesNotContain(API_KEY);
            assertThat(run.terminate(Duration.ofSeconds(120))).isIn(0, 143);
        }
        try (Connection dst = target.connect("replica")) {
            assertThat(TableContents.count(dst, "public.orders")).as("the filter kept ids 1 to 9 out").isEqualTo(500 + 2 - 5 - 9);
        }
    }

    private Path writePipeline() throws IOException {
        Path file = work.resolve("udf.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: appdb.public.orders
                  slot.name: tributary_udf
                sink:
                  type: jdbc
                  url: jdbc:postgresql://127.0.0.1:%d/replica
                  username: postgres
                  password: unused
                pipeline:
                  name: udf-it
                  parallelism: 2
                  user-defined-function:
                    - name: bump
                      classpath: com.acme.udf.Bump
                    - name: price_band
                      classpath: com.acme.udf.PriceBand
                  model:
                    - model-name: SUMMARISE
                      class-name: OpenAIChatModel
                      openai.model: gpt-4o-mini
                      openai.host: http://127.0.0.1:%d/v1
                      openai.apikey: %s
                      openai.chat.prompt: order
                  execution.checkpointing.interval: 1s
                transform:
                  - source-table: appdb.public.orders
                    projection: id, bump(qty) AS qty_plus_one, price_band(price) AS band, SUMMARISE(id) AS summary
                    filter: bump(id) > 10
                """.formatted(source.port(), target.port(), chatModel.getAddress().getPort(), API_KEY));
        return file;
    }

    private static void awaitTargetEqual(TributaryProcess process) throws Exception {
        process.awaitNoDifference("the target matching the source through the functions", UserDefinedFunctionITCase::difference, Duration.ofSeconds(120));
    }

    private static String difference() {
        try (Connection src = source.connect("appdb"); Connection dst = target.connect("replica")) {
            List<String> expected = TableContents.of(src, EXPECTED, COLUMNS);
            List<String> actual = TableContents.of(dst, "public.orders", COLUMNS);
            return expected.equals(actual) ? "" : TableContents.difference(expected, actual);
        } catch (SQLException e) {
            return "not readable yet: " + e.getMessage();
        }
    }
}
