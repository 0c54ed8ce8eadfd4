package io.tributary.source.mysql.catalog;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableSchema;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.model.TypeKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads result-set columns into the Java classes of their {@link TypeKind}. Temporal values are
 * first looked at as text (the session time zone is UTC) so that zero dates ({@code 0000-00-00})
 * become null instead of failing, then read as java.time values: the driver's text of a
 * fractional second drops its leading zeros under the binary protocol (.033 reads as .33000).
 */
public final class MySqlRowReader {
    private final TypeKind[] kinds;
    private final String[] names;

    public MySqlRowReader(List<Column> columns) {
        this.kinds = columns.stream().map(c -> c.type().kind()).toArray(TypeKind[]::new);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
    }

    /** Reads the values of a chunk key's columns. */
    public static MySqlRowReader forKey(TableSchema schema, ChunkKey key) {
        return new MySqlRowReader(key.columns().stream().map(k -> schema.column(k).orElseThrow()).toList());
    }

    /** The current row's columns 1..n as a new array. */
    public Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            row[i] = value(rs, i + 1, kinds[i], names[i]);
        }
        return row;
    }

    private static Object value(ResultSet rs, int index, TypeKind kind, String name) throws SQLException {
        Object value = switch (kind) {
            case BOOLEAN -> rs.getBoolean(index);
            case SMALLINT -> rs.getShort(index);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case CHAR, VARCHAR, TEXT, JSON -> rs.getString(index);
            case BYTES -> rs.getBytes(index);
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> temporal(rs, index, kind, name);
            default -> throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + name + " has type kind " + kind
                    + ", which the mysql source does not read");
        };
        return rs.wasNull() ? null : value;
    }

    private static Object temporal(ResultSet rs, int index, TypeKind kind, String name) throws SQLException {
        String text = rs.getString(index);
        if (text == null || text.startsWith("0000-00-00")) {
            return null;
        }
        try {
            return switch (kind) {
                case DATE -> rs.getObject(index, LocalDate.class);
                case TIME -> rs.getObject(index, LocalTime.class);
                case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
                default -> rs.getObject(index, LocalDateTime.class).atOffset(ZoneOffset.UTC);
            };
        } catch (SQLException | DateTimeParseException e) {
            throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + name + " holds '" + text + "', which is not a valid "
                    + kind + " (TIME values below 00:00 or from 24:00 on, and dates with zero month or day, are not supported yet)", e);
        }
    }
}
