package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.testing.TestingPostgresServer;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser (Debian's headless Chromium, driven by Selenium) during a
 * PostgreSQL → PostgreSQL run: while the target table is locked the snapshot stands still and the
 * page shows phase "snapshot" and, per table, the chunks and rows {@code /status} reports; once the
 * lock is released it shows phase "streaming" with every table streaming and fully read. Each
 * stage's screenshot is kept in {@code target/status-page-*.png}.
 */
class StatusPageITCase {
    private static final String PIPELINE = "status-page";
    private static final int ITEMS = 200_000;
    private static final int NOTES = 300;
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestingPostgresServer source;
    private static TestingPostgresServer target;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "needs Debian's chromium and chromium-driver "
                + "(/usr/bin/chromium, /usr/bin/chromedriver), which .ci/run installs where apt-get can; none here");
        source = TestingPostgresServer.start();
        target = TestingPostgresServer.start();
        source.createDatabase("shop");
        target.createDatabase("copy");
        source.execute("shop",
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "CREATE TABLE notes (id integer PRIMARY KEY, body text)",
                "INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, " + ITEMS + ") g",
                "INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, " + NOTES + ") g",
                "ANALYZE");
        // The target's items table exists before the run, so that the test can lock it and hold the snapshot still.
        target.execute("copy", "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))");
    }

    @AfterAll
    static void stopServers() {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void thePageShowsWhatStatusReportsFromSnapshotToStreaming() throws Exception {
        int port = freePort();
        PipelineDefinition definition = new PipelineDefinition(PIPELINE,
                new ConnectorDefinition("postgres", Map.of("hostname", "127.0.0.1", "port", Integer.toString(source.port()), "username", "postgres",
                        "password", "unused", "tables", "shop.public.\\.*", "slot.name", "status_page", "scan.incremental.snapshot.chunk.size", "2000")),
                new ConnectorDefinition("jdbc", Map.of("url", target.jdbcUrl("copy"), "username", "postgres", "password", "unused")),
                List.of(), Map.of("parallelism", "1", "execution.checkpointing.interval", "1s"));
        PipelineRunner runner = new PipelineRunner(definition, new RunOptions(work.resolve("state"), OptionalInt.of(port)));
        WebDriver browser = null;
        try (Connection lock = target.connect("copy")) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            }
            try (BackgroundPipeline pipeline = BackgroundPipeline.start(runner, PIPELINE)) {
                browser = openBrowser();
                // Whether a chunk finishes before the lock holds the sink back depends on timing; the page must show either.
                JsonNode stalled = awaitSteadyStatus(port, pipeline, status -> status.path("phase").asText().equals("snapshot")
                        && status.path("snapshot").path("perTable").size() == 2 && table(status, "shop.public.items").path("chunks").asLong() > 0);
                browser.get("http://127.0.0.1:" + port + "/");
                awaitPageShows(browser, stalled);
                assertThat(browser.findElement(By.id("pipeline")).getText()).isEqualTo(PIPELINE);
                assertThat(browser.findElement(By.id("flow")).getText()).isEqualTo("postgres → jdbc");
                JsonNode items = table(stalled, "shop.public.items");
                assertThat(items.path("chunksFinished").asLong()).as("the locked table's snapshot stands still part-way")
                        .isLessThan(items.path("chunks").asLong());
                assertThat(row(browser, "shop.public.items").text()).contains(items.path("chunksFinished").asLong() + " / "
                        + items.path("chunks").asLong() + " chunks").contains("after its snapshot");
                screenshot(browser, "status-page-snapshot.png");

                lock.rollback();

                JsonNode streaming = awaitSteadyStatus(port, pipeline, status -> status.path("phase").asText().equals("streaming"));
                awaitPageShows(browser, streaming);
                assertThat(table(streaming, "shop.public.items").path("rows").asLong()).isEqualTo(ITEMS);
                assertThat(table(streaming, "shop.public.notes").path("rows").asLong()).isEqualTo(NOTES);
                for (String name : List.of("shop.public.items", "shop.public.notes")) {
                    assertThat(row(browser, name).streaming()).isEqualTo("true");
                    assertThat(row(browser, name).text()).contains("streaming");
                }
                screenshot(browser, "status-page-streaming.png");
            }
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private WebDriver openBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(work.resolve("chromium")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the page shows the phase, the tables and each table's progress of {@code status}. */
    private static void awaitPageShows(WebDriver browser, JsonNode status) throws InterruptedException {
        Map<String, List<String>> expected = new TreeMap<>();
        for (JsonNode table : status.path("snapshot").path("perTable")) {
            expected.put(table.path("table").asText(), List.of(table.path("chunks").asText(), table.path("chunksFinished").asText(),
                    table.path("rows").asText(), String.valueOf(table.path("streaming").asBoolean())));
        }
        String phase = status.path("phase").asText();
        Map<String, List<String>> shown = Map.of();
        String shownPhase = "";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            shownPhase = browser.findElement(By.id("phase")).getAttribute("data-phase");
            shown = new TreeMap<>();
            // Read in one script: the page replaces its rows on every refresh, so elements found earlier go stale.
            @SuppressWarnings("unchecked")
            List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) browser).executeScript(
                    "return [...document.querySelectorAll('#tables tr[data-table]')].map(r => [r.dataset.table, r.dataset.chunks, "
                            + "r.dataset.chunksFinished, r.dataset.rows, r.dataset.streaming]);");
            for (List<String> row : rows) {
                shown.put(row.get(0), List.copyOf(row.subList(1, 5)));
            }
            if (phase.equals(shownPhase) && expected.equals(shown)) {
                assertThat(browser.findElement(By.id("phase")).getText()).isEqualTo(phase);
                return;
            }
            Thread.sleep(250);
        }
        assertThat(shownPhase).as("phase on the page").isEqualTo(phase);
        assertThat(shown).as("tables on the page: chunks, chunks finished, rows, streaming").isEqualTo(expected);
    }

    /** The /status document once it meets {@code condition} and then stays the same for three seconds. */
    private JsonNode awaitSteadyStatus(int port, BackgroundPipeline pipeline, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            if (pipeline.failure().isPresent()) {
                throw new AssertionError("the pipeline failed", pipeline.failure().get());
            }
            JsonNode status = status(port);
            if (condition.test(status)) {
                if (last != null && steady(last).equals(steady(status))) {
                    return status;
                }
                last = status;
                Thread.sleep(3_000);
            } else {
                last = null;
                Thread.sleep(300);
            }
        }
        throw new AssertionError("/status never settled as expected; last: " + status(port));
    }

    /** What the page's checks compare: the phase and the per-table progress. */
    private static String steady(JsonNode status) {
        return status.path("phase").asText() + status.path("snapshot").path("perTable");
    }

    private JsonNode status(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static JsonNode table(JsonNode status, String name) {
        for (JsonNode table : status.path("snapshot").path("perTable")) {
            if (table.path("table").asText().equals(name)) {
                return table;
            }
        }
        throw new AssertionError("/status lists no table " + name + ": " + status);
    }

    /** The text and streaming flag of a table's row, read in one script (the page replaces its rows on every refresh). */
    private static RowView row(WebDriver browser, String table) {
        @SuppressWarnings("unchecked")
        List<String> row = (List<String>) ((JavascriptExecutor) browser).executeScript("const r = [...document.querySelectorAll("
                + "'#tables tr[data-table]')].find(r => r.dataset.table === arguments[0]); return r ? [r.innerText, r.dataset.streaming] : null;", table);
        assertThat(row).as("row of %s on the page", table).isNotNull();
        return new RowView(row.get(0), row.get(1));
    }

    private record RowView(String text, String streaming) {}

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path file = Paths.get("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
