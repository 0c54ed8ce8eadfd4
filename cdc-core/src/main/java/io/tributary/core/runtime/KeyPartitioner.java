package io.tributary.core.runtime;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Addresses each event to a sink subtask: a row change to the subtask its primary key hashes to
 * (all rows of a table without a key to one subtask), a schema change to every subtask. Runs
 * chained to the source, so it sees each table's schema before that table's rows.
 */
public final class KeyPartitioner implements FlatMapFunction<Event, Tuple2<Integer, Event>> {
    private static final long serialVersionUID = 1L;

    private final int channels;
    private transient Map<TableId, int[]> keyIndexes;

    public KeyPartitioner(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive");
        }
        this.channels = channels;
    }

    @Override
    public void flatMap(Event event, Collector<Tuple2<Integer, Event>> out) {
        if (keyIndexes == null) {
            keyIndexes = new HashMap<>();
        }
        if (event instanceof SchemaChangeEvent change) {
            TableSchema schema = change.schemaAfter();
            keyIndexes.put(change.tableId(), schema.primaryKeyIndexes());
            for (int channel = 0; channel < channels; channel++) {
                out.collect(Tuple2.of(channel, event));
            }
            return;
        }
        DataChangeEvent row = (DataChangeEvent) event;
        int[] indexes = keyIndexes.get(row.tableId());
        int hash;
        if (indexes == null || indexes.length == 0) {
            hash = row.tableId().hashCode();
        } else {
            Object[] values = row.keyRow();
            Object[] key = new Object[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                key[i] = values[indexes[i]];
            }
            hash = Arrays.deepHashCode(key);
        }
        out.collect(Tuple2.of(Math.floorMod(hash, channels), event));
    }
}
