package io.tributary.source.oracle.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an Oracle column, as {@code ALL_TAB_COLUMNS} describes it, to the model's {@link DataType}.
 *
 * <ul>
 *   <li>{@code NUMBER(p,s)} with {@code s <= 0} holds integers of {@code p - s} digits: SMALLINT up to
 *       4 digits, INTEGER up to 9, BIGINT up to 18, DECIMAL({@code p - s},0) beyond. Other
 *       {@code NUMBER(p,s)} are DECIMAL(max(p,s),s): Oracle allows a scale above the precision
 *       ({@code NUMBER(2,5)} holds 0.00012), which most targets do not. {@code NUMBER} without a
 *       precision is an unbounded DECIMAL; {@code NUMBER(*,s)} has precision 38, so {@code INTEGER}
 *       ({@code NUMBER(*,0)}) is DECIMAL(38,0).</li>
 *   <li>{@code FLOAT(b)} is an unbounded DECIMAL, not a DOUBLE: it is a decimal {@code NUMBER}
 *       whose precision is given in bits (up to 38 significant digits, floating scale), so a
 *       double would round both long values and plain decimals such as 0.1. {@code BINARY_FLOAT}
 *       and {@code BINARY_DOUBLE} are IEEE floats and stay FLOAT and DOUBLE (NaN and infinities
 *       included).</li>
 *   <li>Character lengths come from {@code CHAR_LENGTH}, which counts characters under either
 *       length semantics ({@code VARCHAR2(10 BYTE)} holds at most 10 characters too), so
 *       {@code CHAR_USED} is not needed.</li>
 *   <li>{@code DATE} holds a time of day to the second, so it is TIMESTAMP(0), not DATE.</li>
 *   <li>{@code TIMESTAMP WITH TIME ZONE} and {@code WITH LOCAL TIME ZONE} are instants:
 *       TIMESTAMP_TZ, normalised to UTC (a region name such as Europe/Paris is not kept).</li>
 *   <li>Intervals have no kind of their own: they are VARCHAR holding the ISO-8601 duration
 *       ({@code P1Y2M}, {@code P1DT2H3M4.5S}), exact to the nanosecond, readable, and parsed by
 *       {@code java.time.Period}/{@code Duration} and most databases.</li>
 *   <li>{@code ROWID} is its 18-character text, {@code UROWID} text of no fixed length.</li>
 *   <li>Not supported: {@code LONG} and {@code LONG RAW} (LogMiner does not deliver their changes;
 *       convert them with {@code ALTER TABLE t MODIFY (c CLOB)} or {@code BLOB}), {@code XMLTYPE},
 *       {@code BFILE}, {@code VECTOR}, object, REF and collection types.</li>
 * </ul>
 */
public final class OracleTypes {
    /** What {@link #unsupported} tells users the source reads. */
    public static final String SUPPORTED_TYPES = "NUMBER, FLOAT, BINARY_FLOAT, BINARY_DOUBLE, CHAR, NCHAR, VARCHAR2, NVARCHAR2, CLOB, NCLOB, "
            + "BLOB, RAW, DATE, TIMESTAMP, TIMESTAMP WITH (LOCAL) TIME ZONE, INTERVAL YEAR TO MONTH, INTERVAL DAY TO SECOND, ROWID, UROWID, "
            + "BOOLEAN and JSON";

    private static final int ROWID_TEXT_LENGTH = 18;
    private static final int MAX_NUMBER_PRECISION = 38;
    private static final Pattern TIMESTAMP = Pattern.compile("TIMESTAMP(?:\\((\\d)\\))?( WITH TIME ZONE| WITH LOCAL TIME ZONE)?");
    private static final Pattern INTERVAL = Pattern.compile("INTERVAL (?:YEAR(?:\\(\\d\\))? TO MONTH|DAY(?:\\(\\d\\))? TO SECOND(?:\\(\\d\\))?)");
    private static final int DEFAULT_FRACTIONAL_DIGITS = 6;

    private OracleTypes() {}

    /**
     * A column as {@code ALL_TAB_COLUMNS} describes it.
     *
     * @param dataType {@code DATA_TYPE}, e.g. {@code NUMBER} or {@code TIMESTAMP(3) WITH TIME ZONE}
     * @param dataLength {@code DATA_LENGTH}, in bytes
     * @param dataPrecision {@code DATA_PRECISION}: decimal digits of a NUMBER, bits of a FLOAT; empty when not declared
     * @param dataScale {@code DATA_SCALE}; empty when not declared
     * @param charLength {@code CHAR_LENGTH}, in characters (0 for non-character types)
     * @param nullable whether {@code NULLABLE} is {@code Y}
     */
    public record ColumnDescription(String name, String dataType, int dataLength, OptionalInt dataPrecision, OptionalInt dataScale, int charLength,
            boolean nullable) {
        public ColumnDescription {
            requireNonNull(name, "name is null");
            requireNonNull(dataType, "dataType is null");
            requireNonNull(dataPrecision, "dataPrecision is null");
            requireNonNull(dataScale, "dataScale is null");
        }
    }

    /** The model type of {@code column}, or empty when the source cannot read it (see {@link #unsupported}). */
    public static Optional<DataType> map(ColumnDescription column) {
        return mapNotNull(column).map(type -> type.withNullable(column.nullable()));
    }

    /**
     * The failure for the columns {@link #map} left out, each written as {@code table.column (TYPE)},
     * so that one error names all of them.
     */
    public static TributaryException unsupported(List<String> columns) {
        return new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "The oracle source cannot read these columns: " + String.join(", ", columns)
                + ". Supported are " + SUPPORTED_TYPES + ". LONG and LONG RAW columns can be converted with ALTER TABLE ... MODIFY (column CLOB) "
                + "or (column BLOB). Otherwise exclude the tables with tables.exclude, or change the column types.");
    }

    private static Optional<DataType> mapNotNull(ColumnDescription c) {
        String dataType = c.dataType().trim().toUpperCase(Locale.ROOT);
        DataType type = switch (dataType) {
            case "NUMBER" -> number(c.dataPrecision(), c.dataScale());
            case "FLOAT" -> DataType.of(TypeKind.DECIMAL);
            case "BINARY_FLOAT" -> DataType.of(TypeKind.FLOAT);
            case "BINARY_DOUBLE" -> DataType.of(TypeKind.DOUBLE);
            case "CHAR", "NCHAR" -> DataType.withLength(TypeKind.CHAR, c.charLength());
            case "VARCHAR2", "NVARCHAR2", "VARCHAR" -> DataType.withLength(TypeKind.VARCHAR, c.charLength());
            case "CLOB", "NCLOB" -> DataType.of(TypeKind.TEXT);
            case "BLOB" -> DataType.of(TypeKind.BYTES);
            case "RAW" -> DataType.withLength(TypeKind.BYTES, c.dataLength());
            case "DATE" -> DataType.temporal(TypeKind.TIMESTAMP, 0);
            case "ROWID" -> DataType.withLength(TypeKind.VARCHAR, ROWID_TEXT_LENGTH);
            case "UROWID" -> DataType.of(TypeKind.VARCHAR);
            case "BOOLEAN" -> DataType.of(TypeKind.BOOLEAN);
            case "JSON" -> DataType.of(TypeKind.JSON);
            default -> timestampOrInterval(dataType);
        };
        return Optional.ofNullable(type);
    }

    private static DataType number(OptionalInt precision, OptionalInt scale) {
        if (precision.isEmpty() && scale.isEmpty()) {
            return DataType.of(TypeKind.DECIMAL);
        }
        // NUMBER(*,s), as INTEGER (NUMBER(*,0)) declares, has a scale and the largest precision.
        int p = precision.orElse(MAX_NUMBER_PRECISION);
        int s = scale.orElse(0);
        if (s > 0) {
            return DataType.decimal(Math.max(p, s), s);
        }
        int digits = p - s;
        if (digits <= 4) {
            return DataType.of(TypeKind.SMALLINT);
        }
        if (digits <= 9) {
            return DataType.of(TypeKind.INTEGER);
        }
        if (digits <= 18) {
            return DataType.of(TypeKind.BIGINT);
        }
        return DataType.decimal(digits, 0);
    }

    /** A TIMESTAMP or INTERVAL type, whose DATA_TYPE text carries its precisions; null for any other type. */
    private static DataType timestampOrInterval(String dataType) {
        Matcher timestamp = TIMESTAMP.matcher(dataType);
        if (timestamp.matches()) {
            int digits = timestamp.group(1) == null ? DEFAULT_FRACTIONAL_DIGITS : Integer.parseInt(timestamp.group(1));
            return DataType.temporal(timestamp.group(2) == null ? TypeKind.TIMESTAMP : TypeKind.TIMESTAMP_TZ, digits);
        }
        return INTERVAL.matcher(dataType).matches() ? DataType.of(TypeKind.VARCHAR) : null;
    }
}
