package io.tributary.core.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page: one HTML document with its style and script inline, so it needs no network and
 * no other request than {@code /status} and {@code /status/history}, which its script polls. It is
 * read-only and shows only what {@code /status} shows (no option, so no secret).
 */
final class StatusPage {
    private static final String RESOURCE = "status-page.html";
    private static final String HTML = load();

    private StatusPage() {}

    static String html() {
        return HTML;
    }

    private static String load() {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The status page " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the status page " + RESOURCE, e);
        }
    }
}
