package io.tributary.source.mysql.catalog;

import static io.tributary.source.jdbc.IdentifierQuoting.BACKTICKS_BY_DATABASE;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TypeKind;
import io.tributary.source.jdbc.JdbcRowReader;
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
public final class MySqlRowReader extends JdbcRowReader {
    public MySqlRowReader(List<Column> columns) {
        super(columns);
    }

    /**
     * How a query selects {@code column} for this reader. The server writes a FLOAT as text with
     * six significant digits (1.17549435e-38 as 1.17549e-38); multiplied by a DOUBLE it is widened
     * exactly and written with all the digits a double needs, so the float read back is the one stored.
     */
    public static String selectExpression(Column column) {
        String name = BACKTICKS_BY_DATABASE.quote(column.name());
        return column.type().kind() == TypeKind.FLOAT ? name + " * 1e0 AS " + name : name;
    }

    @Override
    protected Object readOther(ResultSet rs, int index, Column column) throws SQLException {
        TypeKind kind = column.type().kind();
        return switch (kind) {
            case DECIMAL -> rs.getBigDecimal(index);
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> temporal(rs, index, kind, column.name());
            default -> throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + column.name() + " has type kind " + kind
                    + ", which the mysql source does not read");
        };
    }

    /**
     * Reads the value as its Java type first: the text is asked for only when that fails, because the
     * driver builds it by parsing the value and formatting it again (a third of the reading thread's
     * time on a table with one DATETIME column, in a flight recording of a snapshot).
     */
    private static Object temporal(ResultSet rs, int index, TypeKind kind, String name) throws SQLException {
        try {
            // null for SQL NULL and for a zero date alike
            return switch (kind) {
                case DATE -> rs.getObject(index, LocalDate.class);
                case TIME -> rs.getObject(index, LocalTime.class);
                case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
                default -> {
                    LocalDateTime local = rs.getObject(index, LocalDateTime.class);
                    yield local == null ? null : local.atOffset(ZoneOffset.UTC);
                }
            };
        } catch (SQLException | DateTimeParseException e) {
            String text = rs.getString(index);
            if (text == null || text.startsWith("0000-00-00")) {
                return null;
            }
            throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + name + " holds '" + text + "', which is not a valid "
                    + kind + " (TIME values below 00:00 or from 24:00 on, and dates with zero month or day, are not supported yet)", e);
        }
    }
}
