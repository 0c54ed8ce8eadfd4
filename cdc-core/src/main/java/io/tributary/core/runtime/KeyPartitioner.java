package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.transform.TransformDefinition;
import io.tributary.core.transform.TransformRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Addresses each event to a sink subtask: a row change to the subtask its primary key hashes to
 * (or its {@code partition-keys}, where a transform sets them; all rows of a table without either
 * to one subtask), a schema change to every subtask. Runs chained to the source, before the route
 * renames tables, so it sees each source table's schema before that table's rows.
 *
 * <p>Two cases keep per-key order where a plain hash would not: an update that changes the key
 * becomes a delete of the old key (on the old key's subtask) and an insert of the new one (likewise
 * an update that changes the partition key); and
 * emptying a table without a key goes only to the subtask holding that table's rows, so that no
 * other subtask's late truncate can remove rows written after it.
 */
public final class KeyPartitioner implements FlatMapFunction<Event, Tuple2<Integer, Event>> {
    private static final long serialVersionUID = 1L;

    private final int channels;
    private final TransformRules transforms;
    private transient Map<TableId, int[]> keyIndexes;

    public KeyPartitioner(int channels) {
        this(channels, new TransformRules(List.of()));
    }

    /** Partitions by the {@code partition-keys} of the transform that matches a table, where it has them. */
    public KeyPartitioner(int channels, TransformRules transforms) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive");
        }
        this.channels = channels;
        this.transforms = requireNonNull(transforms, "transforms is null");
    }

    @Override
    public void flatMap(Event event, Collector<Tuple2<Integer, Event>> out) {
        if (keyIndexes == null) {
            keyIndexes = new HashMap<>();
        }
        if (event instanceof SchemaChangeEvent change) {
            int[] indexes = partitionIndexes(change.tableId(), change.schemaAfter());
            keyIndexes.put(change.tableId(), indexes);
            if (change.change() instanceof SchemaChange.TruncateTable && indexes.length == 0) {
                out.collect(Tuple2.of(channelOfTable(change.tableId()), event));
                return;
            }
            for (int channel = 0; channel < channels; channel++) {
                out.collect(Tuple2.of(channel, event));
            }
            return;
        }
        DataChangeEvent row = (DataChangeEvent) event;
        int[] indexes = keyIndexes.get(row.tableId());
        if (indexes == null || indexes.length == 0) {
            out.collect(Tuple2.of(channelOfTable(row.tableId()), event));
            return;
        }
        Object[] key = key(row.keyRow(), indexes);
        if (row.operation() == Operation.UPDATE && row.before().isPresent()) {
            Object[] oldKey = key(row.before().get(), indexes);
            if (!Arrays.deepEquals(oldKey, key)) {
                out.collect(Tuple2.of(channelOf(oldKey), DataChangeEvent.delete(row.tableId(), row.before().get(), row.sourceTimestampMillis())
                        .withSourcePosition(row.sourcePosition())));
                out.collect(Tuple2.of(channelOf(key), DataChangeEvent.insert(row.tableId(), row.after().orElseThrow(), row.sourceTimestampMillis())
                        .withSourcePosition(row.sourcePosition())));
                return;
            }
        }
        out.collect(Tuple2.of(channelOf(key), event));
    }

    private int[] partitionIndexes(TableId table, TableSchema schema) {
        Optional<List<String>> partitionKeys = transforms.forTable(table).map(TransformDefinition::partitionKeys).filter(keys -> !keys.isEmpty());
        if (partitionKeys.isEmpty()) {
            return schema.primaryKeyIndexes();
        }
        return partitionKeys.get().stream().mapToInt(name -> schema.indexOf(name).orElseThrow(() -> new IllegalStateException(
                "partition key column " + name + " is not a column of " + table + " " + schema.columnNames()))).toArray();
    }

    private static Object[] key(Object[] row, int[] indexes) {
        Object[] key = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            key[i] = row[indexes[i]];
        }
        return key;
    }

    private int channelOf(Object[] key) {
        return Math.floorMod(Arrays.deepHashCode(key), channels);
    }

    private int channelOfTable(TableId table) {
        return Math.floorMod(table.hashCode(), channels);
    }
}
