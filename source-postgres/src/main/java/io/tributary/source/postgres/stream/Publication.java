package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.source.postgres.catalog.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A publication as {@code pg_publication} and {@code pg_publication_tables} describe it.
 *
 * @param name the publication name
 * @param allTables whether it is FOR ALL TABLES
 * @param publishesEveryOperation whether it publishes inserts, updates, deletes and truncates
 * @param tables the tables it publishes
 * @param schemas the schemas it publishes every table of, now and later (FOR TABLES IN SCHEMA, PostgreSQL 15+)
 */
public record Publication(String name, boolean allTables, boolean publishesEveryOperation, Set<TableId> tables, Set<String> schemas) {
    public Publication {
        requireNonNull(name, "name is null");
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
        schemas = Set.copyOf(requireNonNull(schemas, "schemas is null"));
    }

    /** Whether tables created later in every one of {@code schemas} are published from their creation on. */
    public boolean publishesNewTablesOf(Collection<String> schemas) {
        return allTables || this.schemas.containsAll(schemas);
    }

    /** The ones of {@code schemas} whose tables created later it does not publish. */
    public List<String> schemasMissing(Collection<String> schemas) {
        return allTables ? List.of() : schemas.stream().filter(s -> !this.schemas.contains(s)).toList();
    }

    public static Optional<Publication> find(Connection connection, String name, String database) throws SQLException {
        boolean hasTruncate = connection.getMetaData().getDatabaseMajorVersion() >= 11;
        String sql = "SELECT puballtables, pubinsert AND pubupdate AND pubdelete" + (hasTruncate ? " AND pubtruncate" : "")
                + " FROM pg_catalog.pg_publication WHERE pubname = ?";
        boolean allTables;
        boolean everyOperation;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                allTables = rs.getBoolean(1);
                everyOperation = rs.getBoolean(2);
            }
        }
        Set<TableId> tables = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_catalog.pg_publication_tables WHERE pubname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(TableId.of(database, rs.getString(1), rs.getString(2)));
                }
            }
        }
        return Optional.of(new Publication(name, allTables, everyOperation, tables, schemas(connection, name)));
    }

    private static Set<String> schemas(Connection connection, String name) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() < 15) {
            return Set.of();
        }
        Set<String> schemas = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT n.nspname FROM pg_catalog.pg_publication_namespace pn "
                + "JOIN pg_catalog.pg_publication p ON p.oid = pn.pnpubid JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid WHERE p.pubname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
            }
        }
        return schemas;
    }

    /** The captured tables the publication lacks. */
    public List<TableId> missing(List<TableId> captured) {
        if (allTables) {
            return List.of();
        }
        List<TableId> missing = new ArrayList<>();
        for (TableId table : captured) {
            if (!tables.contains(table)) {
                missing.add(table);
            }
        }
        return missing;
    }

    public static String createSql(String name, List<TableId> tables) {
        return "CREATE PUBLICATION " + SqlNames.quote(name) + " FOR TABLE " + tableList(tables);
    }

    /** PostgreSQL 15+: publishes every table of the schemas, including tables created in them later. */
    public static String createForSchemasSql(String name, List<String> schemas) {
        return "CREATE PUBLICATION " + SqlNames.quote(name) + " FOR TABLES IN SCHEMA " + schemaList(schemas);
    }

    public static String addSchemasSql(String name, List<String> schemas) {
        return "ALTER PUBLICATION " + SqlNames.quote(name) + " ADD TABLES IN SCHEMA " + schemaList(schemas);
    }

    public static String addTablesSql(String name, List<TableId> tables) {
        return "ALTER PUBLICATION " + SqlNames.quote(name) + " ADD TABLE " + tableList(tables);
    }

    /** Marks a publication (and, with {@code slot}, its replication slot) as created by Tributary, so that only those are dropped. */
    public static String markCreatedSql(String name, Optional<String> slot) {
        String mark = CREATED_MARK + slot.map(s -> SLOT_MARK + s).orElse("");
        return "COMMENT ON PUBLICATION " + SqlNames.quote(name) + " IS '" + mark.replace("'", "''") + "'";
    }

    /** The comment of publications Tributary created. */
    public static final String CREATED_MARK = "Created by Tributary";
    /** Follows {@link #CREATED_MARK} when the replication slot was created with it: the slot's name comes after. */
    public static final String SLOT_MARK = ", with replication slot ";

    /** The publication's comment, where it exists and has one. */
    public static Optional<String> comment(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_catalog.obj_description(oid, 'pg_publication') FROM pg_catalog.pg_publication WHERE pubname = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static String dropSql(String name) {
        return "DROP PUBLICATION " + SqlNames.quote(name);
    }

    public static String publishEverythingSql(String name) {
        return "ALTER PUBLICATION " + SqlNames.quote(name) + " SET (publish = 'insert, update, delete, truncate')";
    }

    private static String schemaList(List<String> schemas) {
        return schemas.stream().map(SqlNames::quote).collect(Collectors.joining(", "));
    }

    private static String tableList(List<TableId> tables) {
        return tables.stream().map(SqlNames::table).collect(Collectors.joining(", "));
    }
}
