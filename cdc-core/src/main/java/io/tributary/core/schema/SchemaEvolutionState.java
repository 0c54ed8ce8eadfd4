package io.tributary.core.schema;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.serialization.ModelCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas {@link SchemaEvolution} follows: each source table's (and the sink table it is routed
 * to) and each sink table's. Checkpointed, so that a sink table keeps the columns it gained (a
 * column a lenient pipeline kept after a drop, the union of merged tables) across restarts. Every
 * entry carries when it was written (milliseconds, strictly increasing per instance), so that when
 * several subtasks' states are restored together the newest entry of each table wins.
 */
public final class SchemaEvolutionState {
    private static final byte VERSION_1 = 1;

    private record SourceEntry(TableId sinkTable, TableSchema schema, long sequence) {}

    private record SinkEntry(TableSchema schema, long sequence) {}

    private final Map<TableId, SourceEntry> sources = new HashMap<>();
    private final Map<TableId, SinkEntry> sinks = new HashMap<>();
    private final Map<TableId, Integer> sourcesPerSink = new HashMap<>();
    private long sequence;

    Optional<TableSchema> sourceSchema(TableId sourceTable) {
        SourceEntry entry = sources.get(sourceTable);
        return entry == null ? Optional.empty() : Optional.of(entry.schema());
    }

    Optional<TableSchema> sinkSchema(TableId sinkTable) {
        SinkEntry entry = sinks.get(sinkTable);
        return entry == null ? Optional.empty() : Optional.of(entry.schema());
    }

    /** True when more than one source table is routed to the sink table. */
    boolean isMerged(TableId sinkTable) {
        return sourcesPerSink.getOrDefault(sinkTable, 0) > 1;
    }

    void putSource(TableId sourceTable, TableId sinkTable, TableSchema schema) {
        SourceEntry previous = sources.get(sourceTable);
        if (previous != null && previous.schema().equals(schema) && previous.sinkTable().equals(sinkTable)) {
            return;
        }
        put(sourceTable, new SourceEntry(sinkTable, schema, nextStamp()));
    }

    void forgetSource(TableId sourceTable) {
        SourceEntry removed = sources.remove(sourceTable);
        if (removed != null) {
            sourcesPerSink.merge(removed.sinkTable(), -1, Integer::sum);
        }
    }

    void putSink(TableId sinkTable, TableSchema schema) {
        sinks.put(sinkTable, new SinkEntry(schema, nextStamp()));
    }

    void forgetSink(TableId sinkTable) {
        sinks.remove(sinkTable);
    }

    private long nextStamp() {
        sequence = Math.max(sequence + 1, System.currentTimeMillis());
        return sequence;
    }

    private void put(TableId sourceTable, SourceEntry entry) {
        SourceEntry previous = sources.put(sourceTable, entry);
        if (previous != null) {
            sourcesPerSink.merge(previous.sinkTable(), -1, Integer::sum);
        }
        sourcesPerSink.merge(entry.sinkTable(), 1, Integer::sum);
    }

    public byte[] serialize() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION_1);
            out.writeInt(sources.size());
            for (Map.Entry<TableId, SourceEntry> entry : sources.entrySet()) {
                ModelCodec.writeTableId(out, entry.getKey());
                ModelCodec.writeTableId(out, entry.getValue().sinkTable());
                ModelCodec.writeSchema(out, entry.getValue().schema());
                out.writeLong(entry.getValue().sequence());
            }
            out.writeInt(sinks.size());
            for (Map.Entry<TableId, SinkEntry> entry : sinks.entrySet()) {
                ModelCodec.writeTableId(out, entry.getKey());
                ModelCodec.writeSchema(out, entry.getValue().schema());
                out.writeLong(entry.getValue().sequence());
            }
        }
        return bytes.toByteArray();
    }

    /** Adds a serialized state to this one; of two entries for one table, the newer stays. */
    public void merge(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            byte version = in.readByte();
            if (version != VERSION_1) {
                throw TributaryException.unknownStateVersion("the schema evolution state", version);
            }
            int sourceCount = in.readInt();
            for (int i = 0; i < sourceCount; i++) {
                TableId sourceTable = ModelCodec.readTableId(in);
                SourceEntry entry = new SourceEntry(ModelCodec.readTableId(in), ModelCodec.readSchema(in, true), in.readLong());
                SourceEntry present = sources.get(sourceTable);
                if (present == null || present.sequence() < entry.sequence()) {
                    put(sourceTable, entry);
                }
                sequence = Math.max(sequence, entry.sequence());
            }
            int sinkCount = in.readInt();
            for (int i = 0; i < sinkCount; i++) {
                TableId sinkTable = ModelCodec.readTableId(in);
                SinkEntry entry = new SinkEntry(ModelCodec.readSchema(in, true), in.readLong());
                SinkEntry present = sinks.get(sinkTable);
                if (present == null || present.sequence() < entry.sequence()) {
                    sinks.put(sinkTable, entry);
                }
                sequence = Math.max(sequence, entry.sequence());
            }
        }
    }
}
