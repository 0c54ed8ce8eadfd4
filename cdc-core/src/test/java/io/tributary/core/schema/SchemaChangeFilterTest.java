package io.tributary.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** include.schema.changes / exclude.schema.changes with Flink CDC's tags and groups. */
class SchemaChangeFilterTest {
    @Test
    void byDefaultEverythingIsAppliedExceptTruncatesAndDropsOfTablesWhenLenient() {
        assertThat(applied(Map.of(), SchemaChangeBehavior.EVOLVE)).isEqualTo(EnumSet.allOf(SchemaChangeType.class));
        assertThat(applied(Map.of(), SchemaChangeBehavior.LENIENT)).isEqualTo(EnumSet.complementOf(
                EnumSet.of(SchemaChangeType.TRUNCATE_TABLE, SchemaChangeType.DROP_TABLE)));
        assertThat(applied(Map.of("exclude.schema.changes", "drop.column"), SchemaChangeBehavior.LENIENT))
                .as("an explicit exclusion replaces lenient's").contains(SchemaChangeType.TRUNCATE_TABLE).doesNotContain(SchemaChangeType.DROP_COLUMN);
    }

    @Test
    void groupsNameSeveralKinds() {
        assertThat(applied(Map.of("include.schema.changes", "[column]"), SchemaChangeBehavior.EVOLVE)).containsExactlyInAnyOrder(
                SchemaChangeType.ADD_COLUMN, SchemaChangeType.ALTER_COLUMN_TYPE, SchemaChangeType.DROP_COLUMN, SchemaChangeType.RENAME_COLUMN);
        assertThat(applied(Map.of("include.schema.changes", "create.table;add"), SchemaChangeBehavior.EVOLVE))
                .containsExactlyInAnyOrder(SchemaChangeType.CREATE_TABLE, SchemaChangeType.ADD_COLUMN);
        assertThat(applied(Map.of("exclude.schema.changes", "drop, truncate.table"), SchemaChangeBehavior.EVOLVE)).doesNotContain(
                SchemaChangeType.DROP_COLUMN, SchemaChangeType.DROP_TABLE, SchemaChangeType.TRUNCATE_TABLE).contains(SchemaChangeType.RENAME_COLUMN);
        assertThat(applied(Map.of("include.schema.changes", "table"), SchemaChangeBehavior.EVOLVE))
                .containsExactlyInAnyOrder(SchemaChangeType.CREATE_TABLE, SchemaChangeType.DROP_TABLE, SchemaChangeType.TRUNCATE_TABLE);
    }

    @Test
    void aBooleanIsTheKafkaSinksOwnSwitchAndFiltersNothing() {
        assertThat(applied(Map.of("include.schema.changes", "true"), SchemaChangeBehavior.EVOLVE)).isEqualTo(EnumSet.allOf(SchemaChangeType.class));
        assertThat(SchemaChangeFilter.isTagList("false")).isFalse();
        assertThat(SchemaChangeFilter.isTagList("add.column")).isTrue();
    }

    @Test
    void anUnknownTagIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> SchemaChangeFilter.check("include.schema.changes", "add.colum"))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("'add.colum'").hasMessageContaining("add.column, alter.column.type");
    }

    private static Set<SchemaChangeType> applied(Map<String, String> options, SchemaChangeBehavior behavior) {
        SchemaChangeFilter filter = SchemaChangeFilter.fromSinkOptions(options, behavior);
        return EnumSet.allOf(SchemaChangeType.class).stream().filter(filter::applies).collect(Collectors.toCollection(() -> EnumSet.noneOf(SchemaChangeType.class)));
    }
}
