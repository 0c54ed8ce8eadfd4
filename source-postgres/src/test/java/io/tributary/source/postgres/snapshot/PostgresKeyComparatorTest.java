package io.tributary.source.postgres.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresKeyComparatorTest {
    @Test
    void uuidsCompareAsUnsignedBytesUnlikeUuidCompareTo() {
        PostgresKeyComparator comparator = comparator(TypeKind.UUID);
        Object[] low = {UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff")};
        Object[] high = {UUID.fromString("80000000-0000-0000-0000-000000000000")};

        assertThat(((UUID) low[0]).compareTo((UUID) high[0])).as("Java's signed order").isPositive();
        assertThat(comparator.compare(low, high)).isNegative();
    }

    @Test
    void textComparesByCodePointLikeUtf8Bytes() {
        List<Object[]> keys = new ArrayList<>(List.of(new Object[] {"😀"}, new Object[] {"\uE000"}, new Object[] {"a"}, new Object[] {"B"},
                new Object[] {""}, new Object[] {"ab"}));
        keys.sort(comparator(TypeKind.TEXT));

        assertThat(keys).extracting(k -> k[0]).containsExactly("", "B", "a", "ab", "\uE000", "😀");
    }

    @Test
    void charIgnoresTrailingBlanksAndDoublesTreatNegativeZeroAsZero() {
        assertThat(comparator(TypeKind.CHAR).compare(new Object[] {"ab   "}, new Object[] {"ab"})).isZero();
        assertThat(comparator(TypeKind.DOUBLE).compare(new Object[] {-0.0}, new Object[] {0.0})).isZero();
        assertThat(comparator(TypeKind.DOUBLE).compare(new Object[] {Double.NaN}, new Object[] {Double.POSITIVE_INFINITY})).isPositive();
    }

    @Test
    void compositeKeysCompareColumnByColumnInKeyOrder() {
        TableSchema schema = new TableSchema(List.of(new Column("note", DataType.of(TypeKind.TEXT)), new Column("line", DataType.of(TypeKind.INTEGER)),
                new Column("order_id", DataType.of(TypeKind.BIGINT))), List.of("order_id", "line"));
        PostgresKeyComparator comparator = PostgresKeyComparator.of(schema);

        assertThat(comparator.compare(new Object[] {1L, 9}, new Object[] {2L, 1})).isNegative();
        assertThat(comparator.compare(new Object[] {2L, 2}, new Object[] {2L, 1})).isPositive();
    }

    private static PostgresKeyComparator comparator(TypeKind kind) {
        return PostgresKeyComparator.of(new TableSchema(List.of(new Column("k", DataType.of(kind))), List.of("k")));
    }
}
