package io.tributary.source.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads result-set rows into model values: numbers, booleans and bytes through pgjdbc's typed
 * getters, everything else as text through {@link PostgresValueParser}, exactly as the change
 * stream parses pgoutput's text values.
 */
public final class PostgresRowReader {
    private final DataType[] types;
    private final String[] names;

    public PostgresRowReader(List<Column> columns) {
        requireNonNull(columns, "columns is null");
        this.types = columns.stream().map(Column::type).toArray(DataType[]::new);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
    }

    /** The values of the current row, whose first columns are the given columns in order. */
    public Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            row[i] = readValue(rs, i + 1, i);
        }
        return row;
    }

    private Object readValue(ResultSet rs, int index, int column) throws SQLException {
        DataType type = types[column];
        Object value = switch (type.kind()) {
            case BOOLEAN -> rs.getBoolean(index);
            case SMALLINT -> rs.getShort(index);
            case INTEGER -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case BYTES -> rs.getBytes(index);
            case CHAR, VARCHAR, TEXT, JSON -> rs.getString(index);
            default -> {
                String text = rs.getString(index);
                yield text == null ? null : parse(type, text, column);
            }
        };
        return rs.wasNull() ? null : value;
    }

    private Object parse(DataType type, String text, int column) {
        try {
            return PostgresValueParser.parse(type, text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + names[column] + " (" + type + "): " + e.getMessage(), e);
        }
    }
}
