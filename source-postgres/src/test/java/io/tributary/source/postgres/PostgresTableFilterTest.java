package io.tributary.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.ThreePartTableFilter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresTableFilterTest {
    @Test
    void escapedDotIsTheRegularExpressionDot() {
        ThreePartTableFilter filter = ThreePartTableFilter.parse("appdb.public.\\.*", Optional.empty(), PostgresSourceOptions.TABLE_WORDING);

        assertThat(filter.database()).isEqualTo("appdb");
        assertThat(filter.matches("public", "orders")).isTrue();
        assertThat(filter.matches("sales", "orders")).isFalse();
    }

    @Test
    void patternsMatchWholeNamesAndCommasSeparateThem() {
        ThreePartTableFilter filter = ThreePartTableFilter.parse("appdb.public.orders, appdb.sales.q[0-9]{1,2}", Optional.of("appdb.sales.q13"),
                PostgresSourceOptions.TABLE_WORDING);

        assertThat(filter.matches("public", "orders")).isTrue();
        assertThat(filter.matches("public", "orders_archive")).isFalse();
        assertThat(filter.matches("sales", "q7")).isTrue();
        assertThat(filter.matches("sales", "q13")).as("excluded").isFalse();
        assertThat(filter.matches("sales", "q123")).isFalse();
    }

    @Test
    void aSchemaMayMatchWhenSomePatternsSchemaPartMatchesItWhateverItsTablesAreAndExcluded() {
        ThreePartTableFilter filter = ThreePartTableFilter.parse("appdb.public.orders, appdb.sales_\\.*.q[0-9]", Optional.of("appdb.archive.\\.*"),
                PostgresSourceOptions.TABLE_WORDING);

        assertThat(filter.mayMatchSchema("public")).isTrue();
        assertThat(filter.mayMatchSchema("sales_eu")).isTrue();
        assertThat(filter.mayMatchSchema("sales")).as("the regular expression matches whole names").isFalse();
        assertThat(filter.mayMatchSchema("archive")).as("no include pattern names it").isFalse();
    }

    @Test
    void rejectsPatternsThatAreNotDatabaseSchemaTableOrNameSeveralDatabases() {
        assertInvalid("public.orders", "is not database.schema.table");
        assertInvalid("app\\.*.public.orders", "must be a plain database name");
        assertInvalid("a.public.orders, b.public.orders", "several databases");
        assertInvalid("a.public.order(s", "not a valid regular expression");
    }

    private static void assertInvalid(String tables, String message) {
        assertThatThrownBy(() -> ThreePartTableFilter.parse(tables, Optional.empty(), PostgresSourceOptions.TABLE_WORDING))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining(message);
    }
}
