package io.tributary.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import org.junit.jupiter.api.Test;

/** The merged type of two shards' columns, as Flink CDC widens them. */
class TypeWideningTest {
    @Test
    void integersWidenToTheWiderInteger() {
        assertThat(TypeWidening.widen(DataType.of(TypeKind.INTEGER).notNull(), DataType.of(TypeKind.BIGINT).notNull()))
                .isEqualTo(DataType.of(TypeKind.BIGINT).notNull());
        assertThat(TypeWidening.widen(DataType.of(TypeKind.SMALLINT), DataType.of(TypeKind.INTEGER).notNull())).isEqualTo(DataType.of(TypeKind.INTEGER));
    }

    @Test
    void integersAndDecimalsWidenToADecimalWithRoomForBoth() {
        assertThat(TypeWidening.widen(DataType.of(TypeKind.BIGINT), DataType.decimal(10, 2))).isEqualTo(DataType.decimal(21, 2));
        assertThat(TypeWidening.widen(DataType.decimal(5, 4), DataType.decimal(10, 2))).isEqualTo(DataType.decimal(12, 4));
        assertThat(TypeWidening.widen(DataType.decimal(5, 4), DataType.of(TypeKind.DECIMAL))).isEqualTo(DataType.of(TypeKind.DECIMAL));
    }

    @Test
    void numbersWithAFloatingPointOneWidenToDouble() {
        assertThat(TypeWidening.widen(DataType.of(TypeKind.FLOAT), DataType.of(TypeKind.BIGINT))).isEqualTo(DataType.of(TypeKind.DOUBLE));
        assertThat(TypeWidening.widen(DataType.of(TypeKind.FLOAT), DataType.of(TypeKind.DOUBLE))).isEqualTo(DataType.of(TypeKind.DOUBLE));
    }

    @Test
    void characterTypesWidenToTheLongerAndTextToText() {
        assertThat(TypeWidening.widen(DataType.withLength(TypeKind.CHAR, 3), DataType.withLength(TypeKind.VARCHAR, 20)))
                .isEqualTo(DataType.withLength(TypeKind.VARCHAR, 20));
        assertThat(TypeWidening.widen(DataType.withLength(TypeKind.VARCHAR, 200), DataType.withLength(TypeKind.VARCHAR, 20)))
                .isEqualTo(DataType.withLength(TypeKind.VARCHAR, 200));
        assertThat(TypeWidening.widen(DataType.withLength(TypeKind.VARCHAR, 20), DataType.of(TypeKind.TEXT))).isEqualTo(DataType.of(TypeKind.TEXT));
    }

    @Test
    void temporalAndUnrelatedTypes() {
        assertThat(TypeWidening.widen(DataType.of(TypeKind.DATE), DataType.temporal(TypeKind.TIMESTAMP, 3))).isEqualTo(DataType.temporal(TypeKind.TIMESTAMP, 3));
        assertThat(TypeWidening.widen(DataType.temporal(TypeKind.TIMESTAMP, 3), DataType.temporal(TypeKind.TIMESTAMP, 6)))
                .isEqualTo(DataType.temporal(TypeKind.TIMESTAMP, 6));
        assertThat(TypeWidening.widen(DataType.of(TypeKind.UUID), DataType.of(TypeKind.INTEGER))).isEqualTo(DataType.of(TypeKind.TEXT));
    }

    @Test
    void aTypeHoldsItsNarrowerOnesAndNotTheWider() {
        assertThat(TypeWidening.holds(DataType.of(TypeKind.BIGINT).notNull(), DataType.of(TypeKind.INTEGER))).isTrue();
        assertThat(TypeWidening.holds(DataType.of(TypeKind.INTEGER), DataType.of(TypeKind.BIGINT))).isFalse();
        assertThat(TypeWidening.holds(DataType.withLength(TypeKind.VARCHAR, 10), DataType.withLength(TypeKind.VARCHAR, 10))).isTrue();
    }
}
