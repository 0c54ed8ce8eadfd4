package io.tributary.source.oracle.catalog;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TypeKind;
import io.tributary.source.jdbc.JdbcRowReader;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import oracle.sql.TIMESTAMPTZ;

/**
 * Reads result-set rows of Oracle columns into model values. The base class reads numbers
 * ({@code getShort}/{@code getInt}/{@code getLong} for integer NUMBERs, {@code getFloat} and
 * {@code getDouble} for BINARY_FLOAT/BINARY_DOUBLE), character types and LOBs ({@code getString},
 * which ojdbc allows on CLOBs) and bytes ({@code getBytes}, also on BLOBs); this reader reads the
 * rest and hands it to {@link OracleValues#toModel}:
 *
 * <ul>
 *   <li>DECIMAL ({@code NUMBER}, {@code FLOAT}): {@code getBigDecimal};</li>
 *   <li>TIMESTAMP ({@code DATE}, {@code TIMESTAMP}): {@code getObject(i, LocalDateTime.class)}, which
 *       decodes Oracle's fields without passing through the JVM's time zone (a {@code java.sql.Timestamp}
 *       cannot hold a time that falls in that zone's daylight-saving gap);</li>
 *   <li>TIMESTAMP_TZ: {@code getObject(i)}, a {@link TIMESTAMPTZ} for {@code WITH TIME ZONE}, converted
 *       without the connection (the driver's own OffsetDateTime conversion rejects region names);
 *       for {@code WITH LOCAL TIME ZONE} the driver returns a TIMESTAMPLTZ, which needs the session
 *       time zone, so the column is read again as {@code getObject(i, OffsetDateTime.class)}.</li>
 * </ul>
 *
 * <p>INTERVAL columns are VARCHAR in the model, but {@code getString} on one gives Oracle's text
 * ({@code 1 2:3:4.5}), not the ISO-8601 text {@link OracleValues} makes of it. The model column does
 * not say that a VARCHAR is an interval; the result set's metadata does (the driver's type codes
 * {@value #INTERVAL_YEAR_TO_MONTH} and {@value #INTERVAL_DAY_TO_SECOND}), so this reader looks
 * there once per result set and reads those columns with {@code getObject}.
 */
public final class OracleRowReader extends JdbcRowReader {
    /** {@code oracle.jdbc.OracleTypes.INTERVALYM}. */
    static final int INTERVAL_YEAR_TO_MONTH = -103;
    /** {@code oracle.jdbc.OracleTypes.INTERVALDS}. */
    static final int INTERVAL_DAY_TO_SECOND = -104;

    private ResultSet described;
    private boolean[] intervals;

    public OracleRowReader(List<Column> columns) {
        super(columns);
    }

    @Override
    protected Object readValue(ResultSet rs, int index, Column column) throws SQLException {
        if (column.type().kind() == TypeKind.VARCHAR && isInterval(rs, index)) {
            Object value = rs.getObject(index);
            return value == null ? null : OracleValues.toModel(column.type(), value);
        }
        return super.readValue(rs, index, column);
    }

    private boolean isInterval(ResultSet rs, int index) throws SQLException {
        if (rs != described) {
            ResultSetMetaData metaData = rs.getMetaData();
            intervals = new boolean[metaData.getColumnCount() + 1];
            for (int i = 1; i < intervals.length; i++) {
                int type = metaData.getColumnType(i);
                intervals[i] = type == INTERVAL_YEAR_TO_MONTH || type == INTERVAL_DAY_TO_SECOND;
            }
            described = rs;
        }
        return intervals[index];
    }

    @Override
    protected Object readOther(ResultSet rs, int index, Column column) throws SQLException {
        Object value = switch (column.type().kind()) {
            case DECIMAL -> rs.getBigDecimal(index);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> zoned(rs, index);
            default -> throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + column.name() + " has type " + column.type()
                    + ", which the oracle source does not read");
        };
        try {
            return OracleValues.toModel(column.type(), value);
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + column.name() + " (" + column.type() + ") could not be read: "
                    + e.getMessage(), e);
        }
    }

    private static Object zoned(ResultSet rs, int index) throws SQLException {
        Object value = rs.getObject(index);
        return value == null || value instanceof TIMESTAMPTZ ? value : rs.getObject(index, OffsetDateTime.class);
    }
}
