package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads result-set rows into model values, one column after the other: numbers, booleans, bytes
 * and character types through the driver's typed getters, the other types as the source reads
 * them ({@link #readOther}); a source whose column of a common kind needs its own reading (an
 * Oracle interval, which is text in the model) overrides {@link #readValue}. A SQL NULL is null
 * whatever the type.
 */
public abstract class JdbcRowReader {
    private final Column[] columns;

    protected JdbcRowReader(List<Column> columns) {
        this.columns = requireNonNull(columns, "columns is null").toArray(Column[]::new);
    }

    /** The values of the current row, whose first columns are the given columns in order, as a new array. */
    public final Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            Object value = readValue(rs, i + 1, columns[i]);
            row[i] = rs.wasNull() ? null : value;
        }
        return row;
    }

    /** The value of column {@code index} (1-based) of the current row, read by the driver's getter for the column's kind. */
    protected Object readValue(ResultSet rs, int index, Column column) throws SQLException {
        return switch (column.type().kind()) {
            case BOOLEAN -> rs.getBoolean(index);
            case SMALLINT -> rs.getShort(index);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case BYTES -> rs.getBytes(index);
            case CHAR, VARCHAR, TEXT, JSON -> rs.getString(index);
            default -> readOther(rs, index, column);
        };
    }

    /** A value of a type the typed getters above do not cover (decimals, temporals, and what else the source has). */
    protected abstract Object readOther(ResultSet rs, int index, Column column) throws SQLException;
}
