package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Defaults as pg_get_expr writes them, for the kinds of their columns. */
class PostgresColumnDefaultsTest {
    @Test
    void constantsBecomeValuesOfTheColumnsKind() {
        assertThat(value("'web'::character varying", DataType.withLength(TypeKind.VARCHAR, 20))).contains("web");
        assertThat(value("'it''s'::text", DataType.of(TypeKind.TEXT))).contains("it's");
        assertThat(value("0", DataType.of(TypeKind.INTEGER))).contains(0);
        assertThat(value("(-1)", DataType.of(TypeKind.BIGINT))).contains(-1L);
        assertThat(value("12.50", DataType.decimal(10, 2))).contains(new BigDecimal("12.50"));
        assertThat(value("true", DataType.of(TypeKind.BOOLEAN))).contains(true);
        assertThat(value("'2024-02-29'::date", DataType.of(TypeKind.DATE))).contains(LocalDate.of(2024, 2, 29));
        assertThat(value("('x'::text)::character varying", DataType.of(TypeKind.VARCHAR))).contains("x");
        assertThat(value("'{}'::jsonb", DataType.of(TypeKind.JSON))).contains("{}");
    }

    @Test
    void functionsSequencesAndTheClockAreComputedAndNullIsNoDefault() {
        for (String computed : new String[] {"nextval('orders_id_seq'::regclass)", "now()", "CURRENT_TIMESTAMP", "gen_random_uuid()", "'a'::text || 'b'::text"}) {
            Optional<ColumnDefault> parsed = PostgresColumnDefaults.parse(computed, DataType.of(TypeKind.TEXT));
            assertThat(parsed).as(computed).contains(ColumnDefault.computed(computed));
        }
        assertThat(PostgresColumnDefaults.parse("NULL::character varying", DataType.of(TypeKind.VARCHAR))).isEmpty();
        assertThat(PostgresColumnDefaults.parse(null, DataType.of(TypeKind.VARCHAR))).isEmpty();
        assertThat(PostgresColumnDefaults.parse("'abc'::text", DataType.of(TypeKind.INTEGER))).as("not a value of the kind")
                .contains(ColumnDefault.computed("'abc'::text"));
    }

    private static Optional<Object> value(String expression, DataType type) {
        Optional<ColumnDefault> parsed = PostgresColumnDefaults.parse(expression, type);
        assertThat(parsed).as(expression).isPresent();
        assertThat(parsed.get().expression()).isEqualTo(expression);
        return parsed.get().value();
    }
}
