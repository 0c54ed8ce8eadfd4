package io.tributary.source.oracle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalInt;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import oracle.sql.TIMESTAMPTZ;
import org.junit.jupiter.api.Test;

/**
 * The reader over the JDK's in-memory result set ({@link CachedRowSet}) holding the objects ojdbc
 * returns: no server, no mock. (That result set cannot serve {@code getObject(i, Class)}, so DATE and
 * TIMESTAMP columns are covered by {@link OracleValuesTest} only.)
 */
class OracleRowReaderTest {
    private static final List<Column> COLUMNS = List.of(
            column("ID", "NUMBER", 10, 0),
            column("TOTAL", "NUMBER", 38, 0),
            column("PRICE", "NUMBER", 10, 2),
            column("NAME", "VARCHAR2", null, null),
            column("SHIPPED_AT", "TIMESTAMP(6) WITH TIME ZONE", null, 6));

    @Test
    void readsEachColumnIntoItsKindsClass() throws Exception {
        BigDecimal total = new BigDecimal("98765432109876543210987654321");
        TIMESTAMPTZ shipped = new TIMESTAMPTZ(ZonedDateTime.parse("2024-12-24T18:00:00.25+01:00[Europe/Berlin]"));
        CachedRowSet rows = rows(new Object[] {new BigDecimal("7"), total, new BigDecimal("19.9"), "Ölkanne", shipped});

        Object[] row = new OracleRowReader(COLUMNS).read(rows);

        assertThat(row).containsExactly(7L, total, new BigDecimal("19.90"), "Ölkanne", OffsetDateTime.parse("2024-12-24T17:00:00.25Z"));
    }

    @Test
    void sqlNullIsNullWhateverTheType() throws Exception {
        CachedRowSet rows = rows(new Object[] {new BigDecimal("1"), null, null, null, null});

        assertThat(new OracleRowReader(COLUMNS).read(rows)).containsExactly(1L, null, null, null, null);
    }

    private static CachedRowSet rows(Object[] values) throws SQLException {
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(COLUMNS.size());
        int[] sqlTypes = {Types.NUMERIC, Types.NUMERIC, Types.NUMERIC, Types.VARCHAR, Types.OTHER};
        for (int i = 0; i < COLUMNS.size(); i++) {
            meta.setColumnName(i + 1, COLUMNS.get(i).name());
            meta.setColumnType(i + 1, sqlTypes[i]);
        }
        CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
        rows.setMetaData(meta);
        rows.moveToInsertRow();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                rows.updateNull(i + 1);
            } else {
                rows.updateObject(i + 1, values[i]);
            }
        }
        rows.insertRow();
        rows.moveToCurrentRow();
        rows.beforeFirst();
        rows.next();
        return rows;
    }

    private static Column column(String name, String dataType, Integer precision, Integer scale) {
        OracleTypes.ColumnDescription description = new OracleTypes.ColumnDescription(name, dataType, 22,
                precision == null ? OptionalInt.empty() : OptionalInt.of(precision), scale == null ? OptionalInt.empty() : OptionalInt.of(scale), 40, true);
        DataType type = OracleTypes.map(description).orElseThrow();
        return new Column(name, type);
    }
}
