package io.tributary.core.source.split;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.serialization.ModelCodec;
import io.tributary.core.source.dialect.ChunkKey;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binary layout of split parts, shared by the split and enumerator-state serializers. Readers
 * take the layout version: version 1 had no chunk keys (every table was chunked by its primary
 * key), version 2 writes them, version 3 writes column defaults in schemas.
 */
public final class SplitCodec {
    /** The layout before chunk keys: a table's chunk key is its primary key. */
    public static final int LAYOUT_1 = 1;
    /** Chunk keys written beside schemas. */
    public static final int LAYOUT_2 = 2;
    /** Schemas carry their columns' defaults. */
    public static final int LAYOUT_3 = 3;

    private SplitCodec() {}

    public static void writeRange(DataOutput out, ChunkRange range) throws IOException {
        writeBound(out, range.lower());
        writeBound(out, range.upper());
    }

    public static ChunkRange readRange(DataInput in) throws IOException {
        Optional<KeyBound> lower = readBound(in);
        return new ChunkRange(lower, readBound(in));
    }

    private static void writeBound(DataOutput out, Optional<KeyBound> bound) throws IOException {
        out.writeBoolean(bound.isPresent());
        if (bound.isPresent()) {
            out.writeBoolean(bound.get().inclusive());
            ModelCodec.writeRow(out, bound.get().key());
        }
    }

    private static Optional<KeyBound> readBound(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return Optional.empty();
        }
        boolean inclusive = in.readBoolean();
        return Optional.of(new KeyBound(ModelCodec.readRow(in), inclusive));
    }

    public static void writeEncoded(DataOutput out, EncodedValue value) throws IOException {
        out.writeInt(value.version());
        ModelCodec.writeBytes(out, value.bytes());
    }

    public static EncodedValue readEncoded(DataInput in) throws IOException {
        int version = in.readInt();
        return new EncodedValue(version, ModelCodec.readBytes(in));
    }

    public static void writeFinished(DataOutput out, List<FinishedChunk> chunks) throws IOException {
        out.writeInt(chunks.size());
        for (FinishedChunk chunk : chunks) {
            ModelCodec.writeString(out, chunk.splitId());
            ModelCodec.writeTableId(out, chunk.tableId());
            writeRange(out, chunk.range());
            out.writeInt(chunk.epochId());
            writeEncoded(out, chunk.marker());
            out.writeLong(chunk.rows());
        }
    }

    public static List<FinishedChunk> readFinished(DataInput in) throws IOException {
        int count = in.readInt();
        List<FinishedChunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String splitId = ModelCodec.readString(in);
            TableId tableId = ModelCodec.readTableId(in);
            ChunkRange range = readRange(in);
            int epochId = in.readInt();
            EncodedValue marker = readEncoded(in);
            chunks.add(new FinishedChunk(splitId, tableId, range, epochId, marker, in.readLong()));
        }
        return chunks;
    }

    public static void writeChunkKey(DataOutput out, ChunkKey key) throws IOException {
        out.writeInt(key.columns().size());
        for (String column : key.columns()) {
            ModelCodec.writeString(out, column);
        }
        out.writeBoolean(key.synthetic());
    }

    /** The chunk key written in {@code layout}, or for layout 1 the primary key of {@code schema}. */
    public static ChunkKey readChunkKey(DataInput in, int layout, TableSchema schema) throws IOException {
        if (layout == LAYOUT_1) {
            return ChunkKey.primaryKeyOf(schema);
        }
        int count = in.readInt();
        List<String> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(ModelCodec.readString(in));
        }
        return in.readBoolean() ? ChunkKey.synthetic(columns.get(0)) : ChunkKey.of(columns);
    }

    /** The stream split's schemas and chunk keys, table by table. */
    public static void writeTables(DataOutput out, Map<TableId, TableSchema> schemas, Map<TableId, ChunkKey> chunkKeys) throws IOException {
        out.writeInt(schemas.size());
        for (Map.Entry<TableId, TableSchema> entry : schemas.entrySet()) {
            ModelCodec.writeTableId(out, entry.getKey());
            ModelCodec.writeSchema(out, entry.getValue());
            writeChunkKey(out, chunkKeys.getOrDefault(entry.getKey(), ChunkKey.none()));
        }
    }

    /** Reads what {@link #writeTables} wrote (layout 1: schemas alone) into the two maps. */
    public static void readTables(DataInput in, int layout, Map<TableId, TableSchema> schemas, Map<TableId, ChunkKey> chunkKeys) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            TableId id = ModelCodec.readTableId(in);
            TableSchema schema = readSchema(in, layout);
            schemas.put(id, schema);
            chunkKeys.put(id, readChunkKey(in, layout, schema));
        }
    }

    /** A schema as written in {@code layout}. */
    public static TableSchema readSchema(DataInput in, int layout) throws IOException {
        return ModelCodec.readSchema(in, layout >= LAYOUT_3);
    }

    public static void writeSnapshotSplit(DataOutput out, SnapshotSplit split) throws IOException {
        ModelCodec.writeString(out, split.splitId());
        ModelCodec.writeTableId(out, split.tableId());
        ModelCodec.writeSchema(out, split.schema());
        writeChunkKey(out, split.chunkKey());
        writeRange(out, split.range());
        writeFinished(out, split.finishedParts());
        out.writeBoolean(split.truncateBeforeRead());
    }

    public static SnapshotSplit readSnapshotSplit(DataInput in, int layout) throws IOException {
        String splitId = ModelCodec.readString(in);
        TableId tableId = ModelCodec.readTableId(in);
        TableSchema schema = readSchema(in, layout);
        ChunkKey chunkKey = readChunkKey(in, layout, schema);
        ChunkRange range = readRange(in);
        List<FinishedChunk> parts = readFinished(in);
        return new SnapshotSplit(splitId, tableId, schema, chunkKey, range, parts, in.readBoolean());
    }
}
