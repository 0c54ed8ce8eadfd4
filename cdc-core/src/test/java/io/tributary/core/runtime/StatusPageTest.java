package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as served: one self-contained document next to the JSON it polls; what it shows in a browser is checked by StatusPageITCase. */
class StatusPageTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void theServerServesThePageItsDataAndNothingToWrite() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> new PipelineStatus.Report(true, Map.of("pipeline", "orders")),
                () -> "{\"samples\":[]}\n", (tables, where) -> new StatusServer.Answer(202, "ok\n"))) {
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<String> page = get(base + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("<title>Tributary</title>").contains("fetch(path");
            assertThat(get(base + "/status/history").body()).isEqualTo("{\"samples\":[]}\n");
            assertThat(get(base + "/status").body()).contains("\"pipeline\":\"orders\"");
            assertThat(get(base + "/nothing-here").statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void thePageLoadsNothingFromElsewhere() {
        String html = StatusPage.html();
        // Every src or href stays on this server: no CDN, no web fonts.
        Matcher links = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (links.find()) {
            assertThat(links.group(1)).startsWith("/");
        }
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("@import").doesNotContain("url(");
    }

    @Test
    void statusNamesTheRunsSourceSinkAndUptimeForThePage() {
        PipelineStatus status = new PipelineStatus("orders", new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Optional::empty,
                Optional.of(new PipelineStatus.Identity("postgres", "jdbc", System.currentTimeMillis() - 65_000)), failure -> null);

        Map<String, Object> document = status.report(Optional.empty()).document();

        assertThat(document).containsEntry("sourceType", "postgres").containsEntry("sinkType", "jdbc");
        assertThat((Long) document.get("uptimeSeconds")).isBetween(65L, 70L);
        assertThat(document.get("lastError")).isEqualTo(Optional.empty());
        assertThat(List.copyOf(document.keySet())).startsWith("pipeline", "phase", "ready");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
