package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps PostgreSQL column types (type oid and type modifier, as both {@code pg_attribute} and
 * pgoutput's RELATION messages give them) to the model's {@link DataType}s, looking types up in
 * {@code pg_type} once each. Discovery and the change stream share it, so a column has the same
 * type either way.
 *
 * <p>Supported: boolean, smallint, integer, bigint (and serials), real, double precision,
 * numeric[(p,s)], text, varchar[(n)], char(n), bytea, date, time[(p)], timestamp[(p)],
 * timestamptz[(p)], uuid, json, jsonb, enums (as VARCHAR), domains over supported types, and
 * one-dimensional arrays of all of these.
 */
public final class PostgresTypes {
    private static final int DEFAULT_FRACTIONAL_DIGITS = 6;
    private static final String LOOKUP = "SELECT t.oid, n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typtypmod "
            + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = ?";

    private final Connection connection;
    private final Map<Long, PgType> types = new HashMap<>();

    /** @param connection where unknown types are looked up; the caller owns it */
    public PostgresTypes(Connection connection) {
        this.connection = requireNonNull(connection, "connection is null");
    }

    /** The model type of a column of type {@code oid} with modifier {@code typmod}, or empty when unsupported. */
    public Optional<DataType> map(long oid, int typmod) {
        PgType type = type(oid);
        if (type.isDomain()) {
            return map(type.baseOid(), type.baseTypmod() >= 0 ? type.baseTypmod() : typmod);
        }
        if (type.isEnum()) {
            return Optional.of(DataType.of(TypeKind.VARCHAR));
        }
        if (type.isArray()) {
            PgType element = type(type.elementOid());
            if (element.isArray()) {
                return Optional.empty();
            }
            return map(element.oid(), typmod).map(DataType::arrayOf);
        }
        return type.isBuiltIn() ? mapBuiltIn(type.name(), typmod) : Optional.empty();
    }

    /** The type a domain is defined over (through nested domains), or the type itself. */
    public PgType base(long oid) {
        PgType type = type(oid);
        return type.isDomain() ? base(type.baseOid()) : type;
    }

    public PgType type(long oid) {
        PgType known = types.get(oid);
        if (known != null) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement(LOOKUP)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Type oid " + oid + " is not in pg_type (was the type dropped?)");
                }
                PgType type = new PgType(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0), rs.getString(5).charAt(0),
                        rs.getLong(6), rs.getLong(7), rs.getInt(8));
                types.put(oid, type);
                return type;
            }
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not look up type oid " + oid + ": " + e.getMessage(), e);
        }
    }

    private static Optional<DataType> mapBuiltIn(String name, int typmod) {
        DataType type = switch (name) {
            case "bool" -> DataType.of(TypeKind.BOOLEAN);
            case "int2" -> DataType.of(TypeKind.SMALLINT);
            case "int4" -> DataType.of(TypeKind.INTEGER);
            case "int8" -> DataType.of(TypeKind.BIGINT);
            case "float4" -> DataType.of(TypeKind.FLOAT);
            case "float8" -> DataType.of(TypeKind.DOUBLE);
            case "numeric" -> numeric(typmod);
            case "text" -> DataType.of(TypeKind.TEXT);
            case "varchar" -> typmod >= 4 ? DataType.withLength(TypeKind.VARCHAR, typmod - 4) : DataType.of(TypeKind.VARCHAR);
            case "bpchar" -> typmod >= 4 ? DataType.withLength(TypeKind.CHAR, typmod - 4) : DataType.of(TypeKind.CHAR);
            case "bytea" -> DataType.of(TypeKind.BYTES);
            case "date" -> DataType.of(TypeKind.DATE);
            case "time" -> DataType.temporal(TypeKind.TIME, fractionalDigits(typmod));
            case "timestamp" -> DataType.temporal(TypeKind.TIMESTAMP, fractionalDigits(typmod));
            case "timestamptz" -> DataType.temporal(TypeKind.TIMESTAMP_TZ, fractionalDigits(typmod));
            case "uuid" -> DataType.of(TypeKind.UUID);
            case "json", "jsonb" -> DataType.of(TypeKind.JSON);
            default -> null;
        };
        return Optional.ofNullable(type);
    }

    private static DataType numeric(int typmod) {
        if (typmod < 4) {
            return DataType.of(TypeKind.DECIMAL);
        }
        int modifier = typmod - 4;
        int precision = (modifier >> 16) & 0xffff;
        // PostgreSQL 15 stores the scale as a signed 11-bit value (negative scales round left of the point).
        int scale = ((modifier & 0x7ff) ^ 1024) - 1024;
        return DataType.decimal(precision, scale);
    }

    private static int fractionalDigits(int typmod) {
        return typmod >= 0 ? typmod : DEFAULT_FRACTIONAL_DIGITS;
    }
}
