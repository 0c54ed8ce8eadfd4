package io.tributary.sink.jdbc;

import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** PostgreSQL column types for the logical types, and how values of each are bound. */
final class PostgresTypes {
    private static final int MAX_NUMERIC_PRECISION = 1000;
    private static final int MAX_VARCHAR_LENGTH = 10_485_760;
    private static final int MAX_FRACTIONAL_SECONDS = 6;

    private PostgresTypes() {}

    static String columnType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double precision";
            case DECIMAL -> type.precision().isPresent() && type.precision().getAsInt() <= MAX_NUMERIC_PRECISION
                    ? "numeric(" + type.precision().getAsInt() + "," + type.scale().orElse(0) + ")"
                    : "numeric";
            case CHAR -> boundedLength(type) ? "character(" + type.length().getAsInt() + ")" : "text";
            case VARCHAR -> boundedLength(type) ? "character varying(" + type.length().getAsInt() + ")" : "text";
            case TEXT -> "text";
            case BYTES -> "bytea";
            case DATE -> "date";
            case TIME -> "time" + fractionalSeconds(type);
            case TIMESTAMP -> "timestamp" + fractionalSeconds(type);
            case TIMESTAMP_TZ -> "timestamp" + fractionalSeconds(type) + " with time zone";
            case UUID -> "uuid";
            case JSON, DOCUMENT -> "jsonb";
            // Nested arrays need not be rectangular, so they are kept as JSON.
            case ARRAY -> isNestedArray(type) ? "jsonb" : columnType(type.elementType().orElseThrow()) + "[]";
        };
    }

    static String placeholder(DataType type) {
        if (type.kind() == TypeKind.JSON || type.kind() == TypeKind.DOCUMENT || isNestedArray(type)) {
            return "?::jsonb";
        }
        if (type.kind() == TypeKind.ARRAY) {
            // Elements travel as text and the server converts them, so every element type binds alike.
            return "?::" + columnType(type);
        }
        return "?";
    }

    static void bind(PreparedStatement statement, int index, DataType type, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, nullType(type.kind()));
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case SMALLINT -> statement.setShort(index, (Short) value);
            case INTEGER -> statement.setInt(index, (Integer) value);
            case BIGINT -> statement.setLong(index, (Long) value);
            case FLOAT -> statement.setFloat(index, (Float) value);
            case DOUBLE -> statement.setDouble(index, (Double) value);
            case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
            case CHAR, VARCHAR, TEXT, JSON -> statement.setString(index, (String) value);
            case BYTES -> statement.setBytes(index, (byte[]) value);
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID -> statement.setObject(index, value);
            case ARRAY -> bindArray(statement, index, type, (List<?>) value);
            case DOCUMENT -> statement.setString(index, DocumentJson.text((Map<?, ?>) value));
        }
    }

    private static void bindArray(PreparedStatement statement, int index, DataType type, List<?> value) throws SQLException {
        if (isNestedArray(type)) {
            statement.setString(index, JsonArrayWriter.of(value, type.elementType().orElseThrow()));
            return;
        }
        Object[] elements = new Object[value.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = elementText(value.get(i));
        }
        Connection connection = statement.getConnection();
        statement.setArray(index, connection.createArrayOf("text", elements));
    }

    /** The text form PostgreSQL's input function reads for an array element. */
    private static String elementText(Object element) {
        if (element == null) {
            return null;
        }
        if (element instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (element instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return element.toString();
    }

    private static int nullType(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> Types.BOOLEAN;
            case SMALLINT -> Types.SMALLINT;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.NUMERIC;
            case CHAR, VARCHAR, TEXT -> Types.VARCHAR;
            case BYTES -> Types.BINARY;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            // Untyped, so that the server infers the column's type (or the placeholder's cast).
            case UUID, JSON, ARRAY, DOCUMENT -> Types.OTHER;
        };
    }

    private static boolean boundedLength(DataType type) {
        return type.length().isPresent() && type.length().getAsInt() >= 1 && type.length().getAsInt() <= MAX_VARCHAR_LENGTH;
    }

    private static String fractionalSeconds(DataType type) {
        return type.precision().isPresent() ? "(" + Math.min(type.precision().getAsInt(), MAX_FRACTIONAL_SECONDS) + ")" : "";
    }

    private static boolean isNestedArray(DataType type) {
        return type.kind() == TypeKind.ARRAY && type.elementType().orElseThrow().kind() == TypeKind.ARRAY;
    }
}
