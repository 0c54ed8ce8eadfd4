package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StreamTableTest {
    private static ColumnDescription column(String name, String dataType) {
        return new ColumnDescription(name, dataType, 11, OptionalInt.empty(), OptionalInt.empty(), 0, true);
    }

    @Test
    void mapsTheCatalogsColumnsAndKeepsTheirOracleTypes() {
        StreamTable table = StreamTable.of(List.of(new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false),
                column("YM", "INTERVAL YEAR(2) TO MONTH"), column("DS", "INTERVAL DAY(2) TO SECOND(6)")), List.of("ID"));

        assertThat(table.schema().columnNames()).containsExactly("ID", "YM", "DS");
        assertThat(table.schema().columns().get(0).type()).isEqualTo(DataType.of(TypeKind.INTEGER).notNull());
        assertThat(table.schema().primaryKey()).containsExactly("ID");
        assertThat(table.oracleTypes()).containsExactly("NUMBER", "INTERVAL YEAR(2) TO MONTH", "INTERVAL DAY(2) TO SECOND(6)");
        assertThat(table.isYearToMonthInterval(1)).isTrue();
        assertThat(table.isYearToMonthInterval(2)).isFalse();
    }

    @Test
    void dayToSecondIntervalsFinerThanMicrosecondsAreRefusedSinceTheLogReaderMisreadsThem() {
        assertThatThrownBy(() -> StreamTable.of(List.of(column("DS", "INTERVAL DAY(2) TO SECOND(9)"), column("OK", "INTERVAL DAY TO SECOND")),
                List.of())).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TYPE_UNSUPPORTED))
                .hasMessageContaining("DS (INTERVAL DAY(2) TO SECOND(9))").hasMessageNotContaining("OK (");
    }

    @Test
    void unsupportedTypesAreRefusedAsTheSnapshotRefusesThem() {
        assertThatThrownBy(() -> StreamTable.of(List.of(column("L", "LONG")), List.of())).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_TYPE_UNSUPPORTED)).hasMessageContaining("L (LONG)");
    }

    @Test
    void eachColumnNeedsItsOracleType() {
        StreamTable table = StreamTable.of(List.of(column("A", "DATE")), List.of());

        assertThatThrownBy(() -> new StreamTable(table.schema(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
