package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.util.List;
import java.util.Optional;

/**
 * The form of publication the source creates. On PostgreSQL 15 or later, for a superuser, it is
 * {@code FOR TABLES IN SCHEMA} the schemas {@code tables} can match: pgoutput then publishes a table
 * created in them later from its creation on, as of the change it decodes, so its first row reaches
 * the stream and the reader (which filters by {@code tables}) captures it from there. Otherwise it
 * is {@code FOR TABLE} the captured tables, and {@link #newTablesNotCaptured} says why tables
 * created later are not captured and what to do.
 *
 * <p>Publishing a schema also publishes its tables that are not captured, and PostgreSQL refuses
 * UPDATE and DELETE on a published table without a replica identity; so a schema holding such a
 * table is never published whole.
 *
 * @param name the publication's name
 * @param schemas the schemas published whole; empty in the FOR TABLE form
 * @param tables the captured tables
 * @param newTablesNotCaptured in the FOR TABLE form: why tables created later are not captured, and what to do
 */
public record PublicationPlan(String name, List<String> schemas, List<TableId> tables, Optional<String> newTablesNotCaptured) {
    /** The first version with CREATE PUBLICATION ... FOR TABLES IN SCHEMA. */
    static final int SCHEMA_PUBLICATION_VERSION = 150000;

    public PublicationPlan {
        requireNonNull(name, "name is null");
        schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(newTablesNotCaptured, "newTablesNotCaptured is null");
        if (schemas.isEmpty() == newTablesNotCaptured.isEmpty()) {
            throw new IllegalArgumentException("a plan publishes schemas exactly when it captures tables created later");
        }
    }

    /**
     * Chooses the form.
     *
     * @param scope the schemas {@code tables} can match and what stands in the way of publishing them whole
     * @param serverVersion {@code server_version_num}
     * @param version the version as the server prints it, for messages
     * @param superuser whether the connected role is a superuser, which FOR TABLES IN SCHEMA needs
     * @param user the connected role, for messages
     */
    public static PublicationPlan choose(String name, List<TableId> captured, PublicationScope scope, int serverVersion, String version,
            boolean superuser, String user) {
        String notCaptured = "tables created later are not captured";
        if (serverVersion < SCHEMA_PUBLICATION_VERSION) {
            return listing(name, captured, "PostgreSQL " + version + " has no FOR TABLES IN SCHEMA publications, so " + name
                    + " lists the captured tables and " + notCaptured + ". Upgrade the server to PostgreSQL 15 or later to capture them from "
                    + "their first row; until then, start the pipeline afresh (empty state directory and target) to take them in");
        }
        if (scope.schemas().isEmpty()) {
            return listing(name, captured, "no schema matches 'tables', so " + notCaptured);
        }
        String schemaSql = Publication.createForSchemasSql(name, scope.schemas());
        if (!scope.withoutReplicaIdentity().isEmpty()) {
            TableId blocker = scope.withoutReplicaIdentity().get(0);
            return listing(name, captured, "table " + blocker + " is not captured and has neither a primary key nor a replica identity: "
                    + "publishing schema " + blocker.schema().orElseThrow() + " whole would make PostgreSQL refuse its UPDATEs and DELETEs, so "
                    + name + " lists the captured tables and " + notCaptured + ". To capture them, give " + blocker
                    + (scope.withoutReplicaIdentity().size() > 1 ? " (and " + (scope.withoutReplicaIdentity().size() - 1) + " more tables)" : "")
                    + " a primary key or REPLICA IDENTITY FULL and start the pipeline afresh");
        }
        if (!superuser) {
            return listing(name, captured, "user " + user + " is not a superuser, which FOR TABLES IN SCHEMA needs, so " + name
                    + " lists the captured tables and " + notCaptured + ". To capture them from their first row, have an administrator "
                    + "create the publication before the pipeline first starts: " + schemaSql);
        }
        return new PublicationPlan(name, scope.schemas(), captured, Optional.empty());
    }

    private static PublicationPlan listing(String name, List<TableId> captured, String why) {
        return new PublicationPlan(name, List.of(), captured, Optional.of(why));
    }

    /** Whether tables created later in the captured schemas reach the stream. */
    public boolean publishesNewTables() {
        return newTablesNotCaptured.isEmpty();
    }

    /** The statement that creates the publication. */
    public String createSql() {
        return publishesNewTables() ? Publication.createForSchemasSql(name, schemas) : Publication.createSql(name, tables);
    }

    /**
     * What becomes of tables created later when the publication exists already.
     *
     * @param publishesNewTables whether they reach the stream once {@code schemasToAdd} are added
     * @param schemasToAdd schemas to add to the publication, which Tributary created
     * @param description one line for the log and for {@code tributary validate}
     */
    public record Completion(boolean publishesNewTables, List<String> schemasToAdd, String description) {
        public Completion {
            schemasToAdd = List.copyOf(requireNonNull(schemasToAdd, "schemasToAdd is null"));
            requireNonNull(description, "description is null");
        }
    }

    /**
     * Completes an existing publication: one that publishes the schemas whole (or every table) is
     * kept; one Tributary created (an older version created FOR TABLE) gets the schemas added when
     * this plan publishes them; one it did not create is never changed beyond the captured tables.
     */
    public Completion complete(Publication existing, PublicationScope scope, boolean createdByTributary) {
        String captured = " tables created later and matching 'tables' are captured from their first row";
        if (existing.allTables() || (!scope.schemas().isEmpty() && existing.publishesNewTablesOf(scope.schemas()))) {
            return new Completion(true, List.of(), "it publishes the tables created later in "
                    + (existing.allTables() ? "every schema" : String.join(", ", scope.schemas())) + ":" + captured);
        }
        if (publishesNewTables() && createdByTributary) {
            List<String> missing = existing.schemasMissing(schemas);
            return new Completion(true, missing, "Tributary created it, so schemas " + String.join(", ", missing) + " are added to it:" + captured);
        }
        if (publishesNewTables()) {
            return new Completion(false, List.of(), "it was not created by Tributary and does not publish schemas " + String.join(", ",
                    existing.schemasMissing(schemas)) + " whole, so tables created later are not captured. To capture them from their first "
                    + "row, an administrator can run: " + Publication.addSchemasSql(name, existing.schemasMissing(schemas)));
        }
        return new Completion(false, List.of(), newTablesNotCaptured.orElseThrow());
    }

    /** One line for the log and for {@code tributary validate}. */
    public String describe() {
        return publishesNewTables()
                ? "FOR TABLES IN SCHEMA " + String.join(", ", schemas) + ": tables created later in them and matching 'tables' are captured "
                        + "from their first row"
                : "for " + tables.size() + " tables (FOR TABLE the captured tables); " + newTablesNotCaptured.orElseThrow();
    }
}
