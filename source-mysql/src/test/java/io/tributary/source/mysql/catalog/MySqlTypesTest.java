package io.tributary.source.mysql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TypeKind;
import org.junit.jupiter.api.Test;

class MySqlTypesTest {
    @Test
    void tinyint1IsBooleanUnlessTheSwitchIsOff() {
        MySqlTypes.ColumnDescription flag = new MySqlTypes.ColumnDescription("flag", "tinyint", "tinyint(1)", true, 0, 3, 0, 0, false);
        assertThat(MySqlTypes.map("shop.orders", flag).kind()).as("Flink CDC's default").isEqualTo(TypeKind.BOOLEAN);
        assertThat(MySqlTypes.map("shop.orders", flag, true).kind()).isEqualTo(TypeKind.BOOLEAN);
        assertThat(MySqlTypes.map("shop.orders", flag, false).kind()).isEqualTo(TypeKind.SMALLINT);
        MySqlTypes.ColumnDescription wider = new MySqlTypes.ColumnDescription("n", "tinyint", "tinyint(4)", true, 0, 3, 0, 0, false);
        assertThat(MySqlTypes.map("shop.orders", wider, true).kind()).isEqualTo(TypeKind.SMALLINT);
        MySqlTypes.ColumnDescription bit = new MySqlTypes.ColumnDescription("b", "bit", "bit(1)", true, 0, 1, 0, 0, false);
        assertThat(MySqlTypes.map("shop.orders", bit, false).kind()).as("BIT(1) stays BOOLEAN").isEqualTo(TypeKind.BOOLEAN);
    }
}
