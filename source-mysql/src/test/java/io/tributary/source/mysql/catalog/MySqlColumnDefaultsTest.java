package io.tributary.source.mysql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Defaults as MariaDB's and MySQL's catalogs report them, and as DDL writes them. */
class MySqlColumnDefaultsTest {
    private static final DataType VARCHAR = DataType.withLength(TypeKind.VARCHAR, 20);

    @Test
    void mariaDbReportsSqlStringsQuotedNullAsTextAndFunctionsAsCalls() {
        assertThat(MySqlColumnDefaults.fromCatalog("'web'", "", ServerFlavor.MARIADB, VARCHAR)).contains(ColumnDefault.literal("'web'", "web"));
        assertThat(MySqlColumnDefaults.fromCatalog("'it''s'", "", ServerFlavor.MARIADB, VARCHAR)).contains(ColumnDefault.literal("'it''s'", "it's"));
        assertThat(MySqlColumnDefaults.fromCatalog("0", "", ServerFlavor.MARIADB, DataType.of(TypeKind.INTEGER))).contains(ColumnDefault.literal("0", 0));
        assertThat(MySqlColumnDefaults.fromCatalog("NULL", "", ServerFlavor.MARIADB, VARCHAR)).isEmpty();
        assertThat(MySqlColumnDefaults.fromCatalog(null, "", ServerFlavor.MARIADB, VARCHAR)).isEmpty();
        assertThat(MySqlColumnDefaults.fromCatalog("current_timestamp()", "", ServerFlavor.MARIADB, DataType.temporal(TypeKind.TIMESTAMP, 0)))
                .contains(ColumnDefault.computed("current_timestamp()"));
    }

    @Test
    void mysqlReportsBareConstantsAndMarksExpressions() {
        assertThat(MySqlColumnDefaults.fromCatalog("web", "", ServerFlavor.MYSQL, VARCHAR)).contains(ColumnDefault.literal("web", "web"));
        assertThat(MySqlColumnDefaults.fromCatalog("12.50", "", ServerFlavor.MYSQL, DataType.decimal(10, 2)))
                .contains(ColumnDefault.literal("12.50", new BigDecimal("12.50")));
        assertThat(MySqlColumnDefaults.fromCatalog("2024-02-29 10:00:00", "", ServerFlavor.MYSQL, DataType.temporal(TypeKind.TIMESTAMP, 0)))
                .contains(ColumnDefault.literal("2024-02-29 10:00:00", LocalDateTime.of(2024, 2, 29, 10, 0)));
        assertThat(MySqlColumnDefaults.fromCatalog("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", ServerFlavor.MYSQL, DataType.temporal(TypeKind.TIMESTAMP, 0)))
                .contains(ColumnDefault.computed("CURRENT_TIMESTAMP"));
        assertThat(MySqlColumnDefaults.fromCatalog("uuid()", "DEFAULT_GENERATED", ServerFlavor.MYSQL, VARCHAR)).contains(ColumnDefault.computed("uuid()"));
    }

    @Test
    void ddlDefaultsOfEveryShape() {
        assertThat(MySqlColumnDefaults.fromDefinition("NOT NULL DEFAULT 'web' COMMENT 'x'", VARCHAR)).contains(ColumnDefault.literal("'web'", "web"));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT -1", DataType.of(TypeKind.BIGINT))).contains(ColumnDefault.literal("-1", -1L));
        assertThat(MySqlColumnDefaults.fromDefinition("default true", DataType.of(TypeKind.BOOLEAN))).contains(ColumnDefault.literal("true", true));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT 1", DataType.of(TypeKind.BOOLEAN))).contains(ColumnDefault.literal("1", true));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT '2024-02-29'", DataType.of(TypeKind.DATE)))
                .contains(ColumnDefault.literal("'2024-02-29'", LocalDate.of(2024, 2, 29)));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP", DataType.temporal(TypeKind.TIMESTAMP, 0)))
                .contains(ColumnDefault.computed("CURRENT_TIMESTAMP"));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT (uuid())", VARCHAR)).contains(ColumnDefault.computed("(uuid())"));
        assertThat(MySqlColumnDefaults.fromDefinition("DEFAULT NULL", VARCHAR)).isEmpty();
        assertThat(MySqlColumnDefaults.fromDefinition("NOT NULL", VARCHAR)).isEqualTo(Optional.empty());
    }
}
