package io.tributary.source.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlterTableClausesTest {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");
    private static final TableSchema KNOWN = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("customer", DataType.withLength(TypeKind.VARCHAR, 40).notNull()),
            new Column("amount", DataType.decimal(10, 2))), List.of("id"));

    @Test
    void followsAddRenameWidenAndDropInStatementOrder() {
        List<SchemaChangeEvent> events = AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE `shop`.orders ADD COLUMN channel VARCHAR(12) "
                + "DEFAULT 'a,b' AFTER customer, CHANGE customer buyer VARCHAR(80) NOT NULL COMMENT 'who, when', DROP COLUMN amount, "
                + "ADD INDEX by_buyer (buyer), ALGORITHM=INPLACE").orElseThrow();

        assertThat(events).extracting(SchemaChangeEvent::change).containsExactly(
                new SchemaChange.AddColumn(new Column("channel", DataType.withLength(TypeKind.VARCHAR, 12),
                        Optional.of(ColumnDefault.literal("'a,b'", "a,b"))), Optional.of("customer")),
                new SchemaChange.RenameColumn("customer", "buyer"),
                new SchemaChange.AlterColumnType("buyer", DataType.withLength(TypeKind.VARCHAR, 80).notNull()),
                new SchemaChange.DropColumn("amount"));
        assertThat(events.get(events.size() - 1).schemaAfter().columnNames()).containsExactly("id", "buyer", "channel");
    }

    @Test
    void mapsTypesAsTheSnapshotDoes() {
        List<SchemaChangeEvent> events = AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE orders ADD flags BIGINT UNSIGNED, "
                + "ADD paid BOOLEAN, ADD stamp DATETIME(3) FIRST, MODIFY amount DECIMAL(14,4)").orElseThrow();

        assertThat(events).extracting(SchemaChangeEvent::change).containsExactly(
                new SchemaChange.AddColumn(new Column("flags", DataType.decimal(20, 0)), Optional.of("amount")),
                new SchemaChange.AddColumn(new Column("paid", DataType.of(TypeKind.BOOLEAN)), Optional.of("flags")),
                new SchemaChange.AddColumn(new Column("stamp", DataType.temporal(TypeKind.TIMESTAMP, 3)), Optional.empty()),
                new SchemaChange.AlterColumnType("amount", DataType.decimal(14, 4)));
    }

    @Test
    void leavesWhatItDoesNotFollowToTheServersDefinition() {
        assertThat(AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, customer)")).isEmpty();
        assertThat(AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE orders MODIFY amount DECIMAL(12,2) FIRST")).isEmpty();
        assertThat(AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE orders CONVERT TO CHARACTER SET latin1")).isEmpty();
        assertThat(AlterTableClauses.apply(ORDERS, KNOWN, "ALTER TABLE orders ADD INDEX (customer), ENGINE=InnoDB")).contains(List.of());
    }
}
