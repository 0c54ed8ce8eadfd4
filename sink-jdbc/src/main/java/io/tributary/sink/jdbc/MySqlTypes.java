package io.tributary.sink.jdbc;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB column types for the logical types, and how values of each are bound. Two InnoDB
 * limits shape the mapping: a primary key holds at most 3072 bytes (768 utf8mb4 characters), and a
 * row's VARCHARs share 65,535 bytes, so long VARCHARs become LONGTEXT when a table would exceed it.
 */
final class MySqlTypes {
    static final int MAX_KEY_BYTES = 3072;
    private static final int BYTES_PER_CHAR = 4;
    private static final int MAX_VARCHAR_CHARS = 16_383;
    private static final int ROW_SIZE_LIMIT = 65_535;
    /** What a column counts towards the row size when stored off-page or fixed-size (a bound, not exact). */
    private static final int SMALL_COLUMN_BYTES = 16;
    /** Bytes a fixed-size key column may take (DECIMAL(65) takes 30). */
    private static final int MAX_FIXED_KEY_COLUMN_BYTES = 32;

    private MySqlTypes() {}

    /** The types of the table's columns, in column order, within the key and row-size limits. */
    static List<String> tableColumnTypes(TableSchema schema) {
        int keyChars = keyCharsPerColumn(schema);
        List<String> types = new ArrayList<>();
        long rowBytes = 0;
        for (Column column : schema.columns()) {
            boolean key = schema.primaryKey().contains(column.name());
            types.add(key ? keyColumnType(column.type(), keyChars) : columnType(column.type()));
            rowBytes += key ? SMALL_COLUMN_BYTES : rowBytes(column.type());
        }
        // Turn the longest VARCHARs into LONGTEXT until the row fits.
        while (rowBytes > ROW_SIZE_LIMIT) {
            int widest = widestVarchar(schema, types);
            if (widest < 0) {
                break;
            }
            rowBytes -= rowBytes(schema.columns().get(widest).type()) - SMALL_COLUMN_BYTES;
            types.set(widest, "LONGTEXT");
        }
        return types;
    }

    /** The type of one column of the table (for ALTER TABLE), as {@link #tableColumnTypes} gives it. */
    static String columnTypeIn(TableSchema schema, String columnName) {
        DataType type = schema.column(columnName).orElseThrow().type();
        return schema.primaryKey().contains(columnName) ? keyColumnType(type, keyCharsPerColumn(schema)) : columnType(type);
    }

    static String columnType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> type.precision().isPresent()
                    ? "DECIMAL(" + Math.min(type.precision().getAsInt(), 65) + "," + Math.min(type.scale().orElse(0), 30) + ")"
                    : "DECIMAL(65,30)";
            case CHAR -> type.length().isPresent() && type.length().getAsInt() <= 255 ? "CHAR(" + type.length().getAsInt() + ")" : varchar(type);
            case VARCHAR -> varchar(type);
            case TEXT -> "LONGTEXT";
            case BYTES -> "LONGBLOB";
            case DATE -> "DATE";
            case TIME -> "TIME" + fractionalSeconds(type);
            case TIMESTAMP, TIMESTAMP_TZ -> "DATETIME" + fractionalSeconds(type);
            case UUID -> "CHAR(36)";
            case JSON, ARRAY, DOCUMENT -> "JSON";
        };
    }

    private static String keyColumnType(DataType type, int keyChars) {
        return switch (type.kind()) {
            case CHAR, VARCHAR, TEXT, JSON, ARRAY, DOCUMENT -> {
                int length = type.length().isPresent() ? Math.min(type.length().getAsInt(), keyChars) : keyChars;
                yield (type.kind() == TypeKind.CHAR && length <= 255 ? "CHAR(" : "VARCHAR(") + length + ")";
            }
            case BYTES -> "VARBINARY(" + Math.min(type.length().orElse(Integer.MAX_VALUE), keyChars * BYTES_PER_CHAR) + ")";
            default -> columnType(type);
        };
    }

    /** Characters each variable-length key column may have so that the whole key fits 3072 bytes. */
    private static int keyCharsPerColumn(TableSchema schema) {
        int variable = 0;
        int fixed = 0;
        for (String key : schema.primaryKey()) {
            TypeKind kind = schema.column(key).orElseThrow().type().kind();
            if (kind == TypeKind.CHAR || kind == TypeKind.VARCHAR || kind == TypeKind.TEXT || kind == TypeKind.BYTES
                    || kind == TypeKind.JSON || kind == TypeKind.ARRAY || kind == TypeKind.DOCUMENT) {
                variable++;
            } else {
                fixed++;
            }
        }
        int available = MAX_KEY_BYTES - fixed * MAX_FIXED_KEY_COLUMN_BYTES;
        return Math.max(1, available / BYTES_PER_CHAR / Math.max(1, variable));
    }

    private static String varchar(DataType type) {
        return type.length().isPresent() && type.length().getAsInt() <= MAX_VARCHAR_CHARS
                ? "VARCHAR(" + Math.max(1, type.length().getAsInt()) + ")"
                : "LONGTEXT";
    }

    private static long rowBytes(DataType type) {
        String mapped = columnType(type);
        if (mapped.startsWith("VARCHAR") || mapped.startsWith("CHAR")) {
            return (long) type.length().orElse(36) * BYTES_PER_CHAR + 2;
        }
        return SMALL_COLUMN_BYTES;
    }

    private static int widestVarchar(TableSchema schema, List<String> types) {
        int widest = -1;
        long widestBytes = 0;
        for (int i = 0; i < types.size(); i++) {
            Column column = schema.columns().get(i);
            if (types.get(i).startsWith("VARCHAR") && !schema.primaryKey().contains(column.name())
                    && rowBytes(column.type()) > widestBytes) {
                widest = i;
                widestBytes = rowBytes(column.type());
            }
        }
        return widest;
    }

    private static String fractionalSeconds(DataType type) {
        // MySQL's default precision is 0; keep microseconds unless the source says otherwise.
        return "(" + Math.min(type.precision().orElse(6), 6) + ")";
    }

    static void bind(PreparedStatement statement, int index, DataType type, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
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
            case DATE, TIME, TIMESTAMP -> statement.setObject(index, value);
            // DATETIME has no zone: instants are stored as UTC wall-clock time.
            case TIMESTAMP_TZ -> statement.setObject(index, ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case UUID -> statement.setString(index, value.toString());
            case ARRAY -> statement.setString(index, JsonArrayWriter.of((List<?>) value, type.elementType().orElseThrow()));
            case DOCUMENT -> statement.setString(index, DocumentJson.text((Map<?, ?>) value));
        }
    }
}
