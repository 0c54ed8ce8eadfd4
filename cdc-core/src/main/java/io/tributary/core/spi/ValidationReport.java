package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a successful validation found, as lines for the user (tables, chunk estimates, settings). */
public record ValidationReport(String connector, List<String> findings) {
    public ValidationReport {
        requireNonNull(connector, "connector is null");
        findings = List.copyOf(requireNonNull(findings, "findings is null"));
    }
}
