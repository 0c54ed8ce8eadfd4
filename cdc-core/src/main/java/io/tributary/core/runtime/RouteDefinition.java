package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One {@code route} entry: source tables matching {@code sourceTable} (a regular expression over
 * the dotted table id) go to {@code sinkTable}; where {@code replaceSymbol} is set, that symbol in
 * {@code sinkTable} is replaced by the source table's name.
 */
public record RouteDefinition(String sourceTable, String sinkTable, Optional<String> replaceSymbol, Optional<String> description) {
    public RouteDefinition {
        requireNonNull(sourceTable, "sourceTable is null");
        requireNonNull(sinkTable, "sinkTable is null");
        requireNonNull(replaceSymbol, "replaceSymbol is null");
        requireNonNull(description, "description is null");
    }
}
