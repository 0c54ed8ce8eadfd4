package io.tributary.sink.kafka;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import java.sql.Types;

/**
 * The column type maps of a {@code canal-json} message: {@code sqlType} holds each column's JDBC
 * type code ({@link Types}), {@code mysqlType} the MySQL type name that holds the column's values,
 * whichever database the change came from.
 */
final class CanalColumnTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CanalColumnTypes() {}

    static ObjectNode sqlTypes(TableSchema schema) {
        ObjectNode types = NODES.objectNode();
        for (Column column : schema.columns()) {
            types.put(column.name(), sqlType(column.type()));
        }
        return types;
    }

    static ObjectNode mysqlTypes(TableSchema schema) {
        ObjectNode types = NODES.objectNode();
        for (Column column : schema.columns()) {
            types.put(column.name(), mysqlType(column.type()));
        }
        return types;
    }

    static int sqlType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BOOLEAN;
            case SMALLINT -> Types.SMALLINT;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case FLOAT -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.DECIMAL;
            case CHAR -> Types.CHAR;
            case VARCHAR, UUID, JSON, DOCUMENT -> Types.VARCHAR;
            case TEXT -> Types.CLOB;
            case BYTES -> Types.BLOB;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case ARRAY -> Types.ARRAY;
        };
    }

    static String mysqlType(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "tinyint(1)";
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> type.precision().isPresent()
                    ? "decimal(" + type.precision().getAsInt() + "," + type.scale().orElse(0) + ")"
                    : "decimal(65,30)";
            case CHAR -> "char(" + type.length().orElse(1) + ")";
            case VARCHAR -> type.length().isPresent() ? "varchar(" + type.length().getAsInt() + ")" : "longtext";
            case TEXT -> "longtext";
            case BYTES -> "longblob";
            case DATE -> "date";
            case TIME -> "time" + fraction(type);
            case TIMESTAMP -> "datetime" + fraction(type);
            case TIMESTAMP_TZ -> "timestamp" + fraction(type);
            case UUID -> "char(36)";
            case JSON, ARRAY, DOCUMENT -> "json";
        };
    }

    /** MySQL keeps at most microseconds; an unknown precision is taken as 6. */
    private static String fraction(DataType type) {
        int precision = Math.min(6, type.precision().orElse(6));
        return precision == 0 ? "" : "(" + precision + ")";
    }
}
