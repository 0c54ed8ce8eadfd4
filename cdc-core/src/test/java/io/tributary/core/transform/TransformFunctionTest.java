package io.tributary.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TableSelector;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import io.tributary.core.transform.expression.UserFunctionDefinition;
import io.tributary.core.transform.expression.functions.AddOne;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class TransformFunctionTest {
    private static final TableId ORDERS = TableId.of("shop", "public", "orders");
    private static final TableId OTHER = TableId.of("shop", "public", "customers");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("product", DataType.withLength(TypeKind.VARCHAR, 40)),
            new Column("price", DataType.decimal(10, 2)),
            new Column("qty", DataType.of(TypeKind.INTEGER)),
            new Column("status", DataType.of(TypeKind.TEXT))), List.of("id"));
    private static final Column CHANNEL = new Column("channel", DataType.of(TypeKind.TEXT));
    /** The schema after CHANNEL was added at the end. */
    private static final TableSchema WITH_CHANNEL = new TableSchema(List.of(SCHEMA.columns().get(0), SCHEMA.columns().get(1), SCHEMA.columns().get(2),
            SCHEMA.columns().get(3), SCHEMA.columns().get(4), CHANNEL), List.of("id"));

    private final List<Event> out = new ArrayList<>();
    private final Collector<Event> collector = new Collector<>() {
        @Override
        public void collect(Event record) {
            out.add(record);
        }

        @Override
        public void close() {}
    };

    private static TransformDefinition transform(String projection, String filter) {
        return new TransformDefinition(TableSelector.parse("shop.public.orders"), Optional.ofNullable(projection), Optional.ofNullable(filter),
                List.of(), List.of(), Map.of(), Optional.empty(), Optional.empty());
    }

    private static TransformFunction function(TransformDefinition definition) {
        return new TransformFunction(new TransformRules(List.of(definition)));
    }

    private static Object[] row(int id, String product, String price, int qty, String status) {
        return new Object[] {id, product, new BigDecimal(price), qty, status};
    }

    @Test
    void announcesTheProjectedSchemaAndProjectsRows() {
        TransformFunction function = function(transform(
                "id, UPPER(product) AS product, price * qty AS total, __table_name__, __op_type__", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        function.flatMap(DataChangeEvent.insert(ORDERS, row(1, "lamp", "2.50", 3, "new"), 5), collector);

        SchemaChangeEvent create = (SchemaChangeEvent) out.get(0);
        assertThat(create.change()).isInstanceOf(SchemaChange.CreateTable.class);
        assertThat(create.schemaAfter()).isEqualTo(new TableSchema(List.of(
                new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
                new Column("product", DataType.withLength(TypeKind.VARCHAR, 40)),
                new Column("total", DataType.decimal(20, 2)),
                new Column("__table_name__", DataType.of(TypeKind.VARCHAR).notNull()),
                new Column("__op_type__", DataType.of(TypeKind.VARCHAR).notNull())), List.of("id")));
        DataChangeEvent insert = (DataChangeEvent) out.get(1);
        assertThat(insert.operation()).isEqualTo(Operation.INSERT);
        assertThat(insert.sourceTimestampMillis()).isEqualTo(5);
        assertThat(insert.after().orElseThrow()).containsExactly(1, "LAMP", new BigDecimal("7.50"), "orders", "+I");
    }

    @Test
    void survivesBeingShippedToATaskAsFlinkDoes() throws Exception {
        TransformDefinition definition = new TransformDefinition(TableSelector.parse("shop.public.orders"), Optional.of("id, UPPER(product) AS product"),
                Optional.of("qty > 0"), List.of("id"), List.of("product"), Map.of("bucket", "4"), Optional.of(ConverterAfterTransform.SOFT_DELETE),
                Optional.of("shipped"));
        TransformFunction shipped = InstantiationUtil.clone(function(definition));
        shipped.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        shipped.flatMap(DataChangeEvent.insert(ORDERS, row(1, "lamp", "2.50", 3, "new"), 5), collector);
        assertThat(((DataChangeEvent) out.get(1)).after().orElseThrow()).containsExactly(1, "LAMP");
        TransformDefinition copy = InstantiationUtil.clone(new TransformRules(List.of(definition))).forTable(ORDERS).orElseThrow();
        assertThat(copy.sourceTable().toString()).isEqualTo("shop.public.orders");
        assertThat(List.of(copy.projection(), copy.filter(), copy.primaryKeys(), copy.partitionKeys(), copy.tableOptions(), copy.converterAfterTransform(),
                copy.description())).isEqualTo(List.of(definition.projection(), definition.filter(), definition.primaryKeys(), definition.partitionKeys(),
                definition.tableOptions(), definition.converterAfterTransform(), definition.description()));
    }

    @Test
    void tablesNoTransformMatchesPassUnchanged() {
        TransformFunction function = function(transform("id", "id > 100"));
        SchemaChangeEvent create = SchemaChangeEvent.createTable(OTHER, SCHEMA);
        DataChangeEvent insert = DataChangeEvent.insert(OTHER, row(1, "a", "1", 1, "x"), 0);
        function.flatMap(create, collector);
        function.flatMap(insert, collector);
        assertThat(out).containsExactly(create, insert);
    }

    @Test
    void updatesThatLeaveOrEnterTheFilterBecomeDeletesAndInserts() {
        TransformFunction function = function(transform(null, "status <> 'test' AND qty > 0"));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        Object[] kept = row(1, "lamp", "1.00", 1, "new");
        Object[] test = row(1, "lamp", "1.00", 1, "test");
        Object[] keptLater = row(1, "lamp", "1.00", 2, "paid");

        function.flatMap(DataChangeEvent.read(ORDERS, test, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(test), kept, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(kept), keptLater, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(keptLater), test, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(test), test, 0), collector);
        function.flatMap(DataChangeEvent.delete(ORDERS, test, 0), collector);
        function.flatMap(DataChangeEvent.insert(ORDERS, kept, 0), collector);
        function.flatMap(DataChangeEvent.delete(ORDERS, kept, 0), collector);

        assertThat(out).extracting(event -> ((DataChangeEvent) event).operation())
                .containsExactly(Operation.INSERT, Operation.UPDATE, Operation.DELETE, Operation.INSERT, Operation.DELETE);
        assertThat(((DataChangeEvent) out.get(0)).after().orElseThrow()).isEqualTo(kept);
        assertThat(((DataChangeEvent) out.get(2)).before().orElseThrow()).isEqualTo(keptLater);
    }

    @Test
    void anUpdateWithoutItsOldRowUpsertsAMatchAndDeletesOtherwise() {
        TransformFunction function = function(transform(null, "status <> 'test'"));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.empty(), row(1, "a", "1", 1, "new"), 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.empty(), row(1, "a", "1", 1, "test"), 0), collector);
        assertThat(out).extracting(event -> ((DataChangeEvent) event).operation()).containsExactly(Operation.UPDATE, Operation.DELETE);
        assertThat(((DataChangeEvent) out.get(1)).before().orElseThrow()[0]).isEqualTo(1);
    }

    @Test
    void softDeleteTurnsDeletesIntoUpdatesMarkedDeleted() {
        TransformDefinition softDelete = new TransformDefinition(TableSelector.parse("shop.public.orders"), Optional.of("id, status, __data_event_type__"),
                Optional.of("status <> 'test'"), List.of(), List.of(), Map.of(), Optional.of(ConverterAfterTransform.SOFT_DELETE), Optional.empty());
        TransformFunction function = function(softDelete);
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        Object[] paid = row(1, "a", "1", 1, "paid");
        function.flatMap(DataChangeEvent.delete(ORDERS, paid, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(paid), row(1, "a", "1", 1, "test"), 0), collector);
        function.flatMap(DataChangeEvent.delete(ORDERS, row(2, "a", "1", 1, "test"), 0), collector);

        assertThat(out).hasSize(2);
        for (Event event : out) {
            DataChangeEvent change = (DataChangeEvent) event;
            assertThat(change.operation()).isEqualTo(Operation.UPDATE);
            assertThat(change.after().orElseThrow()).containsExactly(1, "paid", "-D");
        }
    }

    @Test
    void metadataColumnsCarryTheKindOfEachImage() {
        TransformFunction function = function(transform("id, __data_event_type__", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(row(1, "a", "1", 1, "x")), row(1, "a", "1", 2, "x"), 0), collector);
        DataChangeEvent update = (DataChangeEvent) out.get(0);
        assertThat(update.before().orElseThrow()).containsExactly(1, "-U");
        assertThat(update.after().orElseThrow()).containsExactly(1, "+U");
    }

    @Test
    void aColumnAddedAtTheSourceAppearsUnderStar() {
        TransformFunction function = function(transform("*, CONCAT(id, '-', product) AS uniq_id", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        function.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(CHANNEL, Optional.of("status")), WITH_CHANNEL), collector);
        function.flatMap(DataChangeEvent.insert(ORDERS, new Object[] {3, "pen", new BigDecimal("1.00"), 1, "new", "web"}, 0), collector);

        SchemaChangeEvent added = (SchemaChangeEvent) out.get(0);
        assertThat(added.change()).isEqualTo(new SchemaChange.AddColumn(CHANNEL, Optional.of("status")));
        assertThat(added.schemaAfter().columnNames()).containsExactly("id", "product", "price", "qty", "status", "channel", "uniq_id");
        assertThat(((DataChangeEvent) out.get(1)).after().orElseThrow()).containsExactly(3, "pen", new BigDecimal("1.00"), 1, "new", "web", "3-pen");
    }

    @Test
    void aColumnAddedOutsideTheProjectionChangesNothingDownstream() {
        TransformFunction function = function(transform("id, status", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        function.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(CHANNEL, Optional.empty()), WITH_CHANNEL), collector);
        assertThat(out).isEmpty();
    }

    @Test
    void aRenamedOrRetypedColumnUnderStarIsRenamedOrRetypedDownstream() {
        TransformFunction function = function(transform("*", "qty > 0"));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        List<Column> columns = new ArrayList<>(SCHEMA.columns());
        columns.set(4, new Column("state", DataType.of(TypeKind.TEXT)));
        TableSchema renamed = new TableSchema(columns, List.of("id"));
        function.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.RenameColumn("status", "state"), renamed), collector);
        columns.set(3, new Column("qty", DataType.of(TypeKind.BIGINT)));
        TableSchema retyped = new TableSchema(columns, List.of("id"));
        function.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.AlterColumnType("qty", DataType.of(TypeKind.BIGINT)), retyped), collector);

        assertThat(out).extracting(event -> ((SchemaChangeEvent) event).change())
                .containsExactly(new SchemaChange.RenameColumn("status", "state"), new SchemaChange.AlterColumnType("qty", DataType.of(TypeKind.BIGINT)));
        assertThat(((SchemaChangeEvent) out.get(1)).schemaAfter()).isEqualTo(retyped);
    }

    @Test
    void aSchemaChangeFirstAfterARestartIsCarriedOverWithTheProjectedSchema() {
        TransformFunction restarted = function(transform("*, CONCAT(id, '-', product) AS uniq_id", null));
        restarted.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(CHANNEL, Optional.of("status")), WITH_CHANNEL), collector);
        SchemaChangeEvent added = (SchemaChangeEvent) out.get(0);
        assertThat(added.change()).isEqualTo(new SchemaChange.AddColumn(CHANNEL, Optional.of("status")));
        assertThat(added.schemaAfter().columnNames()).containsExactly("id", "product", "price", "qty", "status", "channel", "uniq_id");

        out.clear();
        TransformFunction narrow = function(transform("id, status", null));
        narrow.flatMap(new SchemaChangeEvent(ORDERS, new SchemaChange.AddColumn(CHANNEL, Optional.of("status")), WITH_CHANNEL), collector);
        assertThat(((SchemaChangeEvent) out.get(0)).change()).as("a column the projection leaves out is not added").isInstanceOf(SchemaChange.CreateTable.class);
        assertThat(((SchemaChangeEvent) out.get(0)).schemaAfter().columnNames()).containsExactly("id", "status");
    }

    @Test
    void droppingAColumnAnExpressionUsesFailsNamingTheExpression() {
        TransformFunction function = function(transform("id, price * qty AS total", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        List<Column> columns = new ArrayList<>(SCHEMA.columns());
        columns.remove(3);
        SchemaChangeEvent drop = new SchemaChangeEvent(ORDERS, new SchemaChange.DropColumn("qty"), new TableSchema(columns, List.of("id")));
        assertThatThrownBy(() -> function.flatMap(drop, collector))
                .as("ends the job without restarts").isInstanceOf(SuppressRestartsException.class)
                .satisfies(e -> assertThat(TributaryException.findIn(e).orElseThrow().code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .cause()
                .hasMessageContaining("transform #1")
                .hasMessageContaining("projection item 'price * qty AS total'")
                .hasMessageContaining("unknown column 'qty'")
                .hasMessageContaining("DropColumn");
    }

    @Test
    void primaryKeysReplaceTheSourceKeyAndAProjectionMustKeepTheSourceKeyOtherwise() {
        TransformDefinition keyed = new TransformDefinition(TableSelector.parse("shop.public.orders"), Optional.of("id, product, status"),
                Optional.empty(), List.of("id", "product"), List.of("product"), Map.of(), Optional.empty(), Optional.empty());
        TransformFunction function = function(keyed);
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        TableSchema projected = ((SchemaChangeEvent) out.get(0)).schemaAfter();
        assertThat(projected.primaryKey()).containsExactly("id", "product");
        assertThat(projected.column("product").orElseThrow().type().nullable()).isFalse();

        assertThatThrownBy(() -> function(transform("product, status", null)).flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector))
                .cause().hasMessageContaining("does not keep its primary key column 'id'");
    }

    @Test
    void aValueTheSourceDidNotSendIsTakenFromTheOldRowOrStaysUnchanged() {
        TransformFunction function = function(transform("id, UPPER(status) AS status", "qty > 0"));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        out.clear();
        Object[] unchangedStatus = {1, "a", new BigDecimal("1"), 2, UnchangedValue.INSTANCE};
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.of(row(1, "a", "1", 1, "paid")), unchangedStatus, 0), collector);
        function.flatMap(DataChangeEvent.update(ORDERS, Optional.empty(), unchangedStatus, 0), collector);
        assertThat(((DataChangeEvent) out.get(0)).after().orElseThrow()).containsExactly(1, "PAID");
        assertThat(((DataChangeEvent) out.get(1)).after().orElseThrow()).containsExactly(1, UnchangedValue.INSTANCE);
    }

    @Test
    void aValueTheExpressionCannotComputeFailsNamingTableAndExpression() {
        TransformFunction function = function(transform("id, price / (qty - 1) AS unit", null));
        function.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        assertThatThrownBy(() -> function.flatMap(DataChangeEvent.insert(ORDERS, row(1, "a", "1", 1, "x"), 0), collector))
                .cause()
                .hasMessageContaining("failed on a change (INSERT) of shop.public.orders")
                .hasMessageContaining("'price / (qty - 1)' cannot be computed");
    }

    @Test
    void aShippedTaskLoadsOpensAndClosesTheDeclaredFunctions() throws Exception {
        UserFunctionDefinition addOne = new UserFunctionDefinition("addone", AddOne.class.getName(), Map.of(), UserFunctionDefinition.Kind.CLASS);
        TransformFunction shipped = InstantiationUtil.clone(new TransformFunction(new TransformRules(List.of(transform("id, addone(qty) AS more",
                "addone(id) > 2")), List.of(addOne))));
        int opened = AddOne.OPENED.get();
        int closed = AddOne.CLOSED.get();
        shipped.open(null);
        assertThat(AddOne.OPENED.get()).isEqualTo(opened + 1);
        shipped.flatMap(SchemaChangeEvent.createTable(ORDERS, SCHEMA), collector);
        shipped.flatMap(DataChangeEvent.insert(ORDERS, row(1, "lamp", "2.50", 3, "new"), 5), collector);
        shipped.flatMap(DataChangeEvent.insert(ORDERS, row(2, "desk", "9.00", 1, "new"), 6), collector);
        assertThat(((SchemaChangeEvent) out.get(0)).schemaAfter().columns().get(1)).isEqualTo(new Column("more", DataType.of(TypeKind.INTEGER)));
        assertThat(out).hasSize(2);
        assertThat(((DataChangeEvent) out.get(1)).after().orElseThrow()).containsExactly(2, 2);
        shipped.close();
        assertThat(AddOne.CLOSED.get()).isEqualTo(closed + 1);
    }

    @Test
    void aDeclaredFunctionTheTaskCannotLoadEndsTheJobSayingWhatToDo() throws Exception {
        UserFunctionDefinition missing = new UserFunctionDefinition("inc", "com.example.Missing", Map.of(), UserFunctionDefinition.Kind.CLASS);
        TransformFunction function = new TransformFunction(new TransformRules(List.of(transform("id, inc(qty) AS more", null)), List.of(missing)));
        assertThatThrownBy(() -> function.open(null)).isInstanceOf(SuppressRestartsException.class).cause()
                .isInstanceOf(TributaryException.class)
                .hasMessageContaining("user-defined function 'inc': its class com.example.Missing is not on the class path");
    }
}
