package io.tributary.source.postgres.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import io.tributary.source.postgres.catalog.SqlNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 */
public record Publication(String name, boolean allTables, boolean publishesEveryOperation, Set<TableId> tables) {
    public Publication {
        requireNonNull(name, "name is null");
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
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
        return Optional.of(new Publication(name, allTables, everyOperation, tables));
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

    private static String tableList(List<TableId> tables) {
        return tables.stream().map(SqlNames::table).collect(Collectors.joining(", "));
    }
}
