package io.tributary.core.source;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's request to read some captured tables again from the database (a re-snapshot) while the
 * pipeline streams on. Requests are numbered: the source's checkpoint keeps the number of the last
 * one it took, so a request survives restarts until taken and is taken once.
 *
 * @param id the request's number, growing with each request of a pipeline
 * @param tables the tables to read again, named as the pipeline names them ({@code TableId#toString()}: database.schema.table on
 *     PostgreSQL, database.table on MySQL)
 * @param condition which rows to read again, in the database's query language (SQL: what follows
 *     {@code WHERE}); empty reads every row
 */
public record ResnapshotRequest(long id, Set<String> tables, Optional<String> condition) {
    public ResnapshotRequest {
        requireNonNull(condition, "condition is null");
        if (id < 1) {
            throw new IllegalArgumentException("id must be positive, was " + id);
        }
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a re-snapshot names at least one table");
        }
    }

    @Override
    public String toString() {
        return "re-snapshot " + id + " of " + new TreeSet<>(tables) + condition.map(where -> " where " + where).orElse("");
    }
}
