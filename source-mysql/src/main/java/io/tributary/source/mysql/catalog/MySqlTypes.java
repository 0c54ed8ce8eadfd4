package io.tributary.source.mysql.catalog;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.util.Locale;

/**
 * Maps a column's {@code information_schema.COLUMNS} description to the model's types. Unsigned
 * integers widen to the next type that holds every value (BIGINT UNSIGNED to DECIMAL(20,0));
 * {@code TINYINT(1)} (unless {@code treat-tinyint1-as-boolean.enabled} is false) and {@code BIT(1)} are
 * booleans, as MySQL's own {@code BOOLEAN} is.
 */
public final class MySqlTypes {
    private MySqlTypes() {}

    /** A column as information_schema describes it. */
    public record ColumnDescription(String name, String dataType, String columnType, boolean nullable, long characterLength, int numericPrecision,
            int numericScale, int datetimePrecision, boolean jsonChecked) {}

    /** The type with Flink CDC's default of TINYINT(1) as BOOLEAN. */
    public static DataType map(String table, ColumnDescription column) {
        return map(table, column, true);
    }

    /** @param tinyint1AsBoolean whether TINYINT(1) is BOOLEAN rather than SMALLINT */
    public static DataType map(String table, ColumnDescription column, boolean tinyint1AsBoolean) {
        DataType type = mapNotNull(table, column, tinyint1AsBoolean);
        return column.nullable() ? type : type.notNull();
    }

    private static DataType mapNotNull(String table, ColumnDescription c, boolean tinyint1AsBoolean) {
        String dataType = c.dataType().toLowerCase(Locale.ROOT);
        String columnType = c.columnType().toLowerCase(Locale.ROOT);
        boolean unsigned = columnType.contains("unsigned");
        return switch (dataType) {
            case "tinyint" -> tinyint1AsBoolean && columnType.startsWith("tinyint(1)") && !unsigned ? DataType.of(TypeKind.BOOLEAN) : DataType.of(TypeKind.SMALLINT);
            case "smallint" -> DataType.of(unsigned ? TypeKind.INTEGER : TypeKind.SMALLINT);
            case "mediumint" -> DataType.of(TypeKind.INTEGER);
            case "int", "integer" -> DataType.of(unsigned ? TypeKind.BIGINT : TypeKind.INTEGER);
            case "bigint" -> unsigned ? DataType.decimal(20, 0) : DataType.of(TypeKind.BIGINT);
            case "decimal", "numeric" -> DataType.decimal(c.numericPrecision(), c.numericScale());
            case "float" -> DataType.of(TypeKind.FLOAT);
            case "double", "real", "double precision" -> DataType.of(TypeKind.DOUBLE);
            case "bit" -> c.numericPrecision() <= 1 ? DataType.of(TypeKind.BOOLEAN) : DataType.withLength(TypeKind.BYTES, (c.numericPrecision() + 7) / 8);
            case "char" -> DataType.withLength(TypeKind.CHAR, (int) c.characterLength());
            case "varchar" -> DataType.withLength(TypeKind.VARCHAR, (int) c.characterLength());
            case "tinytext", "text", "mediumtext", "longtext" -> DataType.of(c.jsonChecked() ? TypeKind.JSON : TypeKind.TEXT);
            case "json" -> DataType.of(TypeKind.JSON);
            case "enum", "set" -> DataType.withLength(TypeKind.VARCHAR, (int) Math.max(1, c.characterLength()));
            case "binary", "varbinary" -> DataType.withLength(TypeKind.BYTES, (int) c.characterLength());
            case "tinyblob", "blob", "mediumblob", "longblob" -> DataType.of(TypeKind.BYTES);
            case "date" -> DataType.of(TypeKind.DATE);
            case "time" -> DataType.temporal(TypeKind.TIME, c.datetimePrecision());
            case "datetime" -> DataType.temporal(TypeKind.TIMESTAMP, c.datetimePrecision());
            case "timestamp" -> DataType.temporal(TypeKind.TIMESTAMP_TZ, c.datetimePrecision());
            case "year" -> DataType.of(TypeKind.INTEGER);
            default -> throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + table + "." + c.name() + " has type "
                    + c.columnType() + ", which the mysql source does not support yet. Leave the table out with tables.exclude.");
        };
    }
}
