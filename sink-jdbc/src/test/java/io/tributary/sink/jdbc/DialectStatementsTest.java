package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins the statement text and column types each dialect generates. */
class DialectStatementsTest {
    private static final TargetTable TABLE = new TargetTable("app", "items");
    private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)),
            new Column("name", DataType.withLength(TypeKind.VARCHAR, 50)), new Column("doc", DataType.of(TypeKind.JSON))), List.of("id"));

    private final PostgresJdbcDialect postgres = new PostgresJdbcDialect();
    private final MySqlJdbcDialect mysql = new MySqlJdbcDialect();

    @Test
    void postgresStatements() {
        assertThat(postgres.upsert(TABLE, SCHEMA)).isEqualTo("INSERT INTO \"app\".\"items\" (\"id\", \"name\", \"doc\") VALUES (?, ?, ?::jsonb)"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"doc\" = EXCLUDED.\"doc\"");
        assertThat(postgres.deleteByKey(TABLE, SCHEMA)).isEqualTo("DELETE FROM \"app\".\"items\" WHERE \"id\" = ?");
        assertThat(postgres.updateColumns(TABLE, SCHEMA, new boolean[] {true, false, true}))
                .isEqualTo("UPDATE \"app\".\"items\" SET \"id\" = ?, \"doc\" = ?::jsonb WHERE \"id\" = ?");
        assertThat(postgres.deleteOneRow(TABLE, SCHEMA)).isEqualTo("DELETE FROM \"app\".\"items\" WHERE ctid = (SELECT ctid FROM \"app\".\"items\""
                + " WHERE \"id\" IS NOT DISTINCT FROM ? AND \"name\" IS NOT DISTINCT FROM ? AND \"doc\" IS NOT DISTINCT FROM ?::jsonb LIMIT 1)");
        assertThat(postgres.createTable(TABLE, SCHEMA)).isEqualTo("CREATE TABLE IF NOT EXISTS \"app\".\"items\" (\"id\" bigint NOT NULL,"
                + " \"name\" character varying(50), \"doc\" jsonb, PRIMARY KEY (\"id\"))");
        assertThat(postgres.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
    }

    @Test
    void mysqlStatements() {
        assertThat(mysql.upsert(TABLE, SCHEMA)).isEqualTo("INSERT INTO `app`.`items` (`id`, `name`, `doc`) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `doc` = VALUES(`doc`)");
        assertThat(mysql.deleteOneRow(TABLE, SCHEMA)).isEqualTo("DELETE FROM `app`.`items` WHERE `id` <=> ? AND `name` <=> ?"
                + " AND JSON_EXTRACT(`doc`, '$') <=> JSON_EXTRACT(?, '$') LIMIT 1");
        assertThat(mysql.createTable(TABLE, SCHEMA)).isEqualTo("CREATE TABLE IF NOT EXISTS `app`.`items` (`id` BIGINT NOT NULL,"
                + " `name` VARCHAR(50), `doc` JSON, PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        assertThat(mysql.quote("we`ird")).isEqualTo("`we``ird`");
    }

    @Test
    void constantDefaultsBecomeLiteralsOfEachTargetAndComputedOnesAreLeftOut() {
        Column channel = new Column("channel", DataType.withLength(TypeKind.VARCHAR, 20), Optional.of(ColumnDefault.literal("'it''s'", "it's")));
        Column amount = new Column("amount", DataType.decimal(10, 2), Optional.of(ColumnDefault.literal("0.50", new java.math.BigDecimal("0.50"))));
        Column since = new Column("since", DataType.of(TypeKind.DATE), Optional.of(ColumnDefault.literal("'2024-02-29'", java.time.LocalDate.of(2024, 2, 29))));
        Column active = new Column("active", DataType.of(TypeKind.BOOLEAN), Optional.of(ColumnDefault.literal("true", true)));
        Column created = new Column("created", DataType.temporal(TypeKind.TIMESTAMP, 6), Optional.of(ColumnDefault.computed("CURRENT_TIMESTAMP")));
        Column note = new Column("note", DataType.of(TypeKind.TEXT), Optional.of(ColumnDefault.literal("'a\\b'", "a\\b")));

        assertThat(postgres.addColumn(TABLE, channel)).isEqualTo("ALTER TABLE \"app\".\"items\" ADD COLUMN IF NOT EXISTS \"channel\" character varying(20)"
                + " DEFAULT 'it''s'::character varying(20)");
        assertThat(postgres.addColumn(TABLE, created)).isEqualTo("ALTER TABLE \"app\".\"items\" ADD COLUMN IF NOT EXISTS \"created\" timestamp(6)");
        assertThat(postgres.createTable(TABLE, new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)), amount, since, active), List.of("id"))))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"app\".\"items\" (\"id\" bigint NOT NULL, \"amount\" numeric(10,2) DEFAULT 0.50::numeric(10,2),"
                        + " \"since\" date DEFAULT '2024-02-29'::date, \"active\" boolean DEFAULT TRUE::boolean, PRIMARY KEY (\"id\"))");
        assertThat(mysql.addColumn(TABLE, channel)).isEqualTo("ALTER TABLE `app`.`items` ADD COLUMN `channel` VARCHAR(20) DEFAULT 'it''s' NULL");
        assertThat(mysql.addColumn(TABLE, note)).as("text takes its default as an expression; backslashes escaped")
                .isEqualTo("ALTER TABLE `app`.`items` ADD COLUMN `note` LONGTEXT DEFAULT ('a\\\\b') NULL");
        assertThat(mysql.addColumn(TABLE, created)).isEqualTo("ALTER TABLE `app`.`items` ADD COLUMN `created` DATETIME(6) NULL");
        assertThat(mysql.alterColumnType(TABLE, new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)), channel), List.of("id")), "channel"))
                .as("MODIFY keeps the default").isEqualTo("ALTER TABLE `app`.`items` MODIFY COLUMN `channel` VARCHAR(20) DEFAULT 'it''s' NULL");
    }

    @Test
    void keepingADroppedColumnDropsOnlyItsNotNull() {
        assertThat(postgres.dropNotNullStatement(TABLE, "qty")).isEqualTo("ALTER TABLE \"app\".\"items\" ALTER COLUMN \"qty\" DROP NOT NULL");
        assertThat(mysql.modifyToNullable(TABLE, "qty", new MySqlJdbcDialect.ColumnDefinition("int(11)", Optional.empty(), Optional.empty(), "",
                Optional.empty()))).isEqualTo("ALTER TABLE `app`.`items` MODIFY COLUMN `qty` int(11) NULL");
        assertThat(mysql.modifyToNullable(TABLE, "code", new MySqlJdbcDialect.ColumnDefinition("varchar(10)", Optional.of("latin1"),
                Optional.of("latin1_general_cs"), "it's a \\ code", Optional.empty())))
                .isEqualTo("ALTER TABLE `app`.`items` MODIFY COLUMN `code` varchar(10) CHARACTER SET latin1 COLLATE latin1_general_cs NULL"
                        + " COMMENT 'it''s a \\\\ code'");
        assertThat(mysql.modifyToNullable(TABLE, "doc", new MySqlJdbcDialect.ColumnDefinition("longtext", Optional.of("utf8mb4"),
                Optional.of("utf8mb4_bin"), "", Optional.of("json_valid(`doc`)"))))
                .isEqualTo("ALTER TABLE `app`.`items` MODIFY COLUMN `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL"
                        + " CHECK (json_valid(`doc`))");
    }

    @Test
    void mapsEveryTypeKind() {
        for (TypeKind kind : TypeKind.values()) {
            DataType type = kind == TypeKind.ARRAY ? DataType.arrayOf(DataType.of(TypeKind.INTEGER)) : DataType.of(kind);
            assertThat(PostgresTypes.columnType(type)).as("PostgreSQL %s", kind).isNotBlank();
            assertThat(MySqlTypes.columnType(type)).as("MySQL %s", kind).isNotBlank();
        }
        assertThat(PostgresTypes.columnType(DataType.of(TypeKind.DECIMAL))).isEqualTo("numeric");
        assertThat(MySqlTypes.columnType(DataType.of(TypeKind.DECIMAL))).isEqualTo("DECIMAL(65,30)");
        assertThat(PostgresTypes.columnType(DataType.temporal(TypeKind.TIMESTAMP_TZ, 9))).isEqualTo("timestamp(6) with time zone");
        assertThat(MySqlTypes.columnType(DataType.of(TypeKind.TIMESTAMP_TZ))).isEqualTo("DATETIME(6)");
        assertThat(PostgresTypes.columnType(DataType.arrayOf(DataType.of(TypeKind.TEXT)))).isEqualTo("text[]");
        assertThat(MySqlTypes.columnType(DataType.withLength(TypeKind.VARCHAR, 16_383))).isEqualTo("VARCHAR(16383)");
        assertThat(MySqlTypes.columnType(DataType.withLength(TypeKind.VARCHAR, 16_384))).isEqualTo("LONGTEXT");
        assertThat(MySqlTypes.columnType(DataType.of(TypeKind.UUID))).isEqualTo("CHAR(36)");
    }

    @Test
    void mysqlKeysFitInnoDbsKeyLimit() {
        TableSchema textKeys = new TableSchema(List.of(new Column("a", DataType.of(TypeKind.TEXT)), new Column("b", DataType.of(TypeKind.TEXT)),
                new Column("n", DataType.of(TypeKind.BIGINT))), List.of("a", "b", "n"));
        assertThat(MySqlTypes.tableColumnTypes(textKeys)).containsExactly("VARCHAR(380)", "VARCHAR(380)", "BIGINT");
        TableSchema oneKey = new TableSchema(List.of(new Column("a", DataType.of(TypeKind.TEXT))), List.of("a"));
        assertThat(MySqlTypes.tableColumnTypes(oneKey)).containsExactly("VARCHAR(768)");
    }

    @Test
    void mysqlTurnsTheWidestVarcharsIntoLongtextWhenARowWouldExceed64KiB() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("id", DataType.of(TypeKind.INTEGER)));
        for (int i = 0; i < 5; i++) {
            columns.add(new Column("c" + i, DataType.withLength(TypeKind.VARCHAR, 4000 + i)));
        }
        List<String> types = MySqlTypes.tableColumnTypes(new TableSchema(columns, List.of("id")));
        assertThat(types).containsExactly("INT", "VARCHAR(4000)", "VARCHAR(4001)", "VARCHAR(4002)", "VARCHAR(4003)", "LONGTEXT");
    }

    @Test
    void aTableIdsLastTwoPartsNameNamespaceAndTable() {
        assertThat(postgres.targetTable(TableId.parse("sales.orders"), "public")).isEqualTo(new TargetTable("sales", "orders"));
        assertThat(postgres.targetTable(TableId.parse("appdb.sales.orders"), "public")).isEqualTo(new TargetTable("sales", "orders"));
        assertThat(postgres.targetTable(TableId.parse("orders"), "public")).isEqualTo(new TargetTable("public", "orders"));
        assertThat(mysql.targetTable(TableId.ofDatabaseTable("shop", "orders"), "app")).isEqualTo(new TargetTable("shop", "orders"));
        assertThat(mysql.targetTable(TableId.parse("shop.orders"), "app")).isEqualTo(new TargetTable("shop", "orders"));
    }
}
