package io.tributary.source.oracle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalInt;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;
import oracle.sql.INTERVALDS;
import oracle.sql.INTERVALYM;
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
            column("SHIPPED_AT", "TIMESTAMP(6) WITH TIME ZONE", null, 6),
            column("WARRANTY", "INTERVAL YEAR(2) TO MONTH", 2, 0),
            column("LEAD_TIME", "INTERVAL DAY(2) TO SECOND(6)", 2, 6));

    @Test
    void readsEachColumnIntoItsKindsClass() throws Exception {
        BigDecimal total = new BigDecimal("98765432109876543210987654321");
        TIMESTAMPTZ shipped = new TIMESTAMPTZ(ZonedDateTime.parse("2024-12-24T18:00:00.25+01:00[Europe/Berlin]"));
        ResultSet rows = rows(new Object[] {new BigDecimal("7"), total, new BigDecimal("19.9"), "Ölkanne", shipped, new INTERVALYM("1-2"),
                new INTERVALDS("-1 2:3:4.5")});

        Object[] row = new OracleRowReader(COLUMNS).read(rows);

        assertThat(row).containsExactly(7L, total, new BigDecimal("19.90"), "Ölkanne", OffsetDateTime.parse("2024-12-24T17:00:00.25Z"),
                "P1Y2M", "-P1DT2H3M4.5S");
    }

    @Test
    void sqlNullIsNullWhateverTheType() throws Exception {
        ResultSet rows = rows(new Object[] {new BigDecimal("1"), null, null, null, null, null, null});

        assertThat(new OracleRowReader(COLUMNS).read(rows)).containsExactly(1L, null, null, null, null, null, null);
    }

    /**
     * The rows as the driver's result set describes them: the in-memory result set refuses the
     * driver's own type codes, so its metadata is shown with the interval columns' codes put in.
     */
    private static ResultSet rows(Object[] values) throws SQLException {
        CachedRowSet rows = cachedRows(values);
        ResultSetMetaData described = rows.getMetaData();
        ResultSetMetaData metaData = proxy(ResultSetMetaData.class, described, (method, args) -> method.getName().equals("getColumnType")
                && (int) args[0] >= 6 ? (int) args[0] == 6 ? OracleRowReader.INTERVAL_YEAR_TO_MONTH : OracleRowReader.INTERVAL_DAY_TO_SECOND : null);
        return proxy(ResultSet.class, rows, (method, args) -> method.getName().equals("getMetaData") ? metaData : null);
    }

    /** {@code target} seen through {@code override}, which answers a call with a value or leaves it to the target with null. */
    private static <T> T proxy(Class<T> type, T target, java.util.function.BiFunction<Method, Object[], Object> override) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object answer = override.apply(method, args);
            try {
                return answer != null ? answer : method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static CachedRowSet cachedRows(Object[] values) throws SQLException {
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(COLUMNS.size());
        int[] sqlTypes = {Types.NUMERIC, Types.NUMERIC, Types.NUMERIC, Types.VARCHAR, Types.OTHER, Types.OTHER, Types.OTHER};
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
