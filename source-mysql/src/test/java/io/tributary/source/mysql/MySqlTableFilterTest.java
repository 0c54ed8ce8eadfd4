package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MySqlTableFilterTest {
    @Test
    void splitsAtTheFirstPlainDotAndReadsEscapedDotsAsRegularExpressionDots() {
        MySqlTableFilter filter = MySqlTableFilter.parse("shop.\\.*, app_[0-9]+.orders", Optional.empty());
        assertThat(filter.matches("shop", "orders")).isTrue();
        assertThat(filter.matches("shop", "x")).isTrue();
        assertThat(filter.matches("shop2", "orders")).isFalse();
        assertThat(filter.matches("app_12", "orders")).isTrue();
        assertThat(filter.matches("app_12", "orders_old")).isFalse();
    }

    @Test
    void excludesAndSkipsSystemDatabases() {
        MySqlTableFilter filter = MySqlTableFilter.parse("\\.*.\\.*", Optional.of("shop.tmp_\\.*"));
        assertThat(filter.matches("shop", "orders")).isTrue();
        assertThat(filter.matches("shop", "tmp_1")).isFalse();
        assertThat(filter.matches("mysql", "user")).isFalse();
        assertThat(filter.matches("information_schema", "TABLES")).isFalse();
    }

    @Test
    void rejectsPatternsWithoutADatabasePart() {
        assertThatThrownBy(() -> MySqlTableFilter.parse("orders", Optional.empty())).hasMessageContaining("database.table");
        assertThatThrownBy(() -> MySqlTableFilter.parse("shop.(", Optional.empty())).hasMessageContaining("regular expression");
    }
}
