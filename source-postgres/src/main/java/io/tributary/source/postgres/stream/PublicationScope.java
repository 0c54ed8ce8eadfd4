package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.source.jdbc.ThreePartTableFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The schemas a publication of whole schemas would cover: those that exist now and that a
 * {@code tables} pattern can match (a schema created later is not among them), and the tables in
 * them that are not captured and have no replica identity (no primary key and REPLICA IDENTITY
 * DEFAULT, or NOTHING), whose UPDATE and DELETE PostgreSQL refuses once they are published.
 *
 * @param schemas the schemas, sorted
 * @param withoutReplicaIdentity tables of those schemas that are not captured and lack a replica identity
 */
public record PublicationScope(List<String> schemas, List<TableId> withoutReplicaIdentity) {
    private static final String SCHEMAS = "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY nspname";
    private static final String WITHOUT_IDENTITY = "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND (c.relreplident = 'n' OR (c.relreplident = 'd' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))) ORDER BY 1, 2";

    public PublicationScope {
        schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
        withoutReplicaIdentity = List.copyOf(requireNonNull(withoutReplicaIdentity, "withoutReplicaIdentity is null"));
    }

    public static PublicationScope load(Connection connection, String database, ThreePartTableFilter filter) throws SQLException {
        List<String> schemas = new ArrayList<>();
        List<TableId> withoutIdentity = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(SCHEMAS)) {
                while (rs.next()) {
                    if (filter.mayMatchSchema(rs.getString(1))) {
                        schemas.add(rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery(WITHOUT_IDENTITY)) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    if (schemas.contains(schema) && !filter.matches(schema, rs.getString(2))) {
                        withoutIdentity.add(TableId.of(database, schema, rs.getString(2)));
                    }
                }
            }
        }
        return new PublicationScope(schemas, withoutIdentity);
    }
}
