package io.tributary.core.source.split;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.serialization.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binary layout of split parts, shared by the split and enumerator-state serializers. */
public final class SplitCodec {
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

    public static void writeSchemas(DataOutput out, Map<TableId, TableSchema> schemas) throws IOException {
        out.writeInt(schemas.size());
        for (Map.Entry<TableId, TableSchema> entry : schemas.entrySet()) {
            ModelCodec.writeTableId(out, entry.getKey());
            ModelCodec.writeSchema(out, entry.getValue());
        }
    }

    public static Map<TableId, TableSchema> readSchemas(DataInput in) throws IOException {
        int count = in.readInt();
        Map<TableId, TableSchema> schemas = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            TableId id = ModelCodec.readTableId(in);
            schemas.put(id, ModelCodec.readSchema(in));
        }
        return schemas;
    }

    public static void writeSnapshotSplit(DataOutput out, SnapshotSplit split) throws IOException {
        ModelCodec.writeString(out, split.splitId());
        ModelCodec.writeTableId(out, split.tableId());
        ModelCodec.writeSchema(out, split.schema());
        writeRange(out, split.range());
        writeFinished(out, split.finishedParts());
        out.writeBoolean(split.truncateBeforeRead());
    }

    public static SnapshotSplit readSnapshotSplit(DataInput in) throws IOException {
        String splitId = ModelCodec.readString(in);
        TableId tableId = ModelCodec.readTableId(in);
        TableSchema schema = ModelCodec.readSchema(in);
        ChunkRange range = readRange(in);
        List<FinishedChunk> parts = readFinished(in);
        return new SnapshotSplit(splitId, tableId, schema, range, parts, in.readBoolean());
    }
}
