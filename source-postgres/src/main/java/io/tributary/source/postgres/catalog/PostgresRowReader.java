package io.tributary.source.postgres.catalog;

import io.tributary.core.model.Column;
import io.tributary.source.jdbc.JdbcRowReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads result-set rows into model values: numbers, booleans and bytes through pgjdbc's typed
 * getters, everything else as text through {@link PostgresValueParser}, exactly as the change
 * stream parses pgoutput's text values.
 */
public final class PostgresRowReader extends JdbcRowReader {
    public PostgresRowReader(List<Column> columns) {
        super(columns);
    }

    @Override
    protected Object readOther(ResultSet rs, int index, Column column) throws SQLException {
        String text = rs.getString(index);
        if (text == null) {
            return null;
        }
        try {
            return PostgresValueParser.parse(column.type(), text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type() + "): " + e.getMessage(), e);
        }
    }
}
