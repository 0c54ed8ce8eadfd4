package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableChangesTest {
    private static final TableId TABLE = TableId.ofSchemaTable("s", "t");
    private static final TargetTable TARGET = new TargetTable("s", "t");
    private static final Object U = UnchangedValue.INSTANCE;
    private static final TableSchema KEYED = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.INTEGER)),
            new Column("a", DataType.of(TypeKind.TEXT)), new Column("b", DataType.of(TypeKind.TEXT))), List.of("id"));
    private static final TableSchema UNKEYED = new TableSchema(KEYED.columns(), List.of());

    private static List<String> apply(TableSchema schema, DataChangeEvent... events) {
        TableChanges changes = TableChanges.create(TABLE, TARGET, schema);
        for (DataChangeEvent event : events) {
            changes.add(event);
        }
        List<String> described = new ArrayList<>();
        changes.changes().forEach(c -> described.add(c.kind() + Arrays.toString(c.row())));
        return described;
    }

    private static DataChangeEvent insert(Object... row) {
        return DataChangeEvent.insert(TABLE, row, 0);
    }

    private static DataChangeEvent update(Object... row) {
        return DataChangeEvent.update(TABLE, Optional.empty(), row, 0);
    }

    private static DataChangeEvent update(Object[] before, Object... after) {
        return DataChangeEvent.update(TABLE, Optional.of(before), after, 0);
    }

    private static DataChangeEvent delete(Object... row) {
        return DataChangeEvent.delete(TABLE, row, 0);
    }

    @Test
    void keepsTheLastChangePerKey() {
        assertThat(apply(KEYED, insert(1, "x", "y"), update(1, "x2", "y"), delete(2, "p", "q"), insert(2, "p", "q2"), insert(3, "", ""), delete(3, "", "")))
                .containsExactly("UPSERT[1, x2, y]", "UPSERT[2, p, q2]", "DELETE[3, , ]");
    }

    @Test
    void mergesUnchangedColumnsIntoABufferedRowOrKeepsThemOut() {
        assertThat(apply(KEYED, insert(1, "x", "y"), update(1, U, "y2"))).containsExactly("UPSERT[1, x, y2]");
        assertThat(apply(KEYED, update(1, U, "y2"), update(1, "x3", U))).containsExactly("UPDATE_CHANGED[1, x3, y2]");
        assertThat(apply(KEYED, update(1, U, "y2"))).containsExactly("UPDATE_CHANGED[1, <unchanged>, y2]");
        assertThat(apply(KEYED, delete(1, "x", "y"), update(1, U, "y2"))).as("the row is gone").containsExactly("DELETE[1, x, y]");
    }

    @Test
    void anUpdateThatMovesTheKeyDeletesTheOldRow() {
        assertThat(apply(KEYED, update(new Object[] {1, "x", "y"}, 2, "x", "y"))).containsExactly("DELETE[1, x, y]", "UPSERT[2, x, y]");
        assertThat(apply(KEYED, insert(1, "x", "y"), update(new Object[] {1, "x", "y"}, 2, U, "z")))
                .containsExactly("DELETE[1, x, y]", "UPSERT[2, x, z]");
        assertThatThrownBy(() -> apply(KEYED, update(new Object[] {1, "x", "y"}, 2, U, "z")))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED));
    }

    @Test
    void aRowWithoutItsKeyOrOfAnotherWidthIsRefused() {
        assertThatThrownBy(() -> apply(KEYED, insert(null, "x", "y"))).hasMessageContaining("primary key column id");
        assertThatThrownBy(() -> apply(KEYED, insert(1, "x"))).hasMessageContaining("has 2 values but the table's schema has 3 columns");
    }

    @Test
    void keepsEveryChangeOfATableWithoutKeyInOrder() {
        assertThat(apply(UNKEYED, insert(1, "x", "y"), insert(1, "x", "y"), delete(1, "x", "y"), update(new Object[] {1, "x", "y"}, 1, U, "z")))
                .containsExactly("INSERT[1, x, y]", "INSERT[1, x, y]", "DELETE_ONE[1, x, y]", "DELETE_ONE[1, x, y]", "INSERT[1, x, z]");
    }

    @Test
    void anUpdateOfATableWithoutKeyNeedsItsBeforeImage() {
        assertThatThrownBy(() -> apply(UNKEYED, update(1, "x", "y")))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_WRITE_FAILED))
                .hasMessageContaining("REPLICA IDENTITY FULL");
    }

    @Test
    void theBufferCountsWhatItWillWrite() {
        ChangeBuffer buffer = new ChangeBuffer();
        buffer.add(insert(1, "x", "y"), TARGET, KEYED);
        buffer.add(update(1, "x", "z"), TARGET, KEYED);
        buffer.add(insert(2, "x", "y"), TARGET, KEYED);
        assertThat(buffer.size()).isEqualTo(2);
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
    }
}
