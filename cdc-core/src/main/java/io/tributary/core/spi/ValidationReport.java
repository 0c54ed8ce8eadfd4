package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a successful validation found: lines for the user (tables, chunk estimates, settings) and,
 * from a source, the schemas of the tables it will capture, so that the pipeline's transforms can
 * be checked against them before anything runs.
 *
 * @param tables the captured tables' schemas, in discovery order; empty for sinks
 */
public record ValidationReport(String connector, List<String> findings, Map<TableId, TableSchema> tables) {
    public ValidationReport {
        requireNonNull(connector, "connector is null");
        findings = List.copyOf(requireNonNull(findings, "findings is null"));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tables, "tables is null")));
    }

    /** A report without table schemas (a sink's, or a source that has no fixed schemas). */
    public ValidationReport(String connector, List<String> findings) {
        this(connector, findings, Map.of());
    }
}
