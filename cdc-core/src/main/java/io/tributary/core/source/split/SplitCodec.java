package io.tributary.core.source.split;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.serialization.ModelCodec;
import io.tributary.core.source.dialect.ChunkKey;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binary layout of split parts, shared by the split and enumerator-state serializers. Readers
 * take the layout version: version 1 had no chunk keys (every table was chunked by its primary
 * key), version 2 writes them, version 3 writes the finished part of the snapshot as folded
 * {@link FinishedRange}s instead of one entry per chunk, version 4 writes column defaults in
 * schemas.
 */
public final class SplitCodec {
    /** The layout before chunk keys: a table's chunk key is its primary key. */
    public static final int LAYOUT_1 = 1;
    /** Chunk keys written beside schemas. */
    public static final int LAYOUT_2 = 2;
    /** Finished chunks folded into ranges per table. */
    public static final int LAYOUT_3 = 3;
    /** Schemas carry their columns' defaults. */
    public static final int LAYOUT_4 = 4;
    /** Version 5 of the split encoding: the stream split lists the tables it reads again; nothing else changed. */
    public static final int LAYOUT_5 = 5;

    private static final int PAST = 1;
    /** The range starts where the one before it (of the same table) ends: its lower bound is not written. */
    private static final int CONTIGUOUS = 2;
    /** The range has the marker of the range written before it: the marker is not written again. */
    private static final int SAME_MARKER = 4;

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

    /**
     * Finished ranges, per run of one table's ranges: the table's id, then each range with its
     * upper bound, its lower bound only where it does not start at the previous one's end, its
     * marker only where it differs from the previous one's, and small numbers as variable-length
     * integers. Ranges of one view (and the tables after it) thus write their marker once.
     */
    public static void writeRanges(DataOutput out, List<FinishedRange> ranges) throws IOException {
        List<List<FinishedRange>> byTable = groupByTable(ranges);
        writeVarLong(out, byTable.size());
        EncodedValue previousMarker = null;
        for (List<FinishedRange> table : byTable) {
            ModelCodec.writeTableId(out, table.get(0).tableId());
            writeVarLong(out, table.size());
            Optional<KeyBound> previousEnd = Optional.empty();
            for (FinishedRange range : table) {
                boolean contiguous = previousEnd.isPresent() && range.range().lower().isPresent()
                        && range.range().lower().get().inclusive() != previousEnd.get().inclusive()
                        && Arrays.deepEquals(range.range().lower().get().key(), previousEnd.get().key());
                boolean sameMarker = range.marker().equals(previousMarker);
                out.writeByte((range.streamPast() ? PAST : 0) | (contiguous ? CONTIGUOUS : 0) | (sameMarker ? SAME_MARKER : 0));
                if (!contiguous) {
                    writeBound(out, range.range().lower());
                }
                writeBound(out, range.range().upper());
                writeVarLong(out, range.epochId());
                if (!sameMarker) {
                    writeVarLong(out, range.marker().version());
                    writeVarLong(out, range.marker().bytes().length);
                    out.write(range.marker().bytes());
                }
                writeVarLong(out, range.rows());
                writeVarLong(out, range.chunks());
                previousEnd = range.range().upper();
                previousMarker = range.marker();
            }
        }
    }

    public static List<FinishedRange> readRanges(DataInput in) throws IOException {
        List<FinishedRange> ranges = new ArrayList<>();
        long tables = readVarLong(in);
        EncodedValue previousMarker = null;
        for (long t = 0; t < tables; t++) {
            TableId tableId = ModelCodec.readTableId(in);
            long count = readVarLong(in);
            Optional<KeyBound> previousEnd = Optional.empty();
            for (long i = 0; i < count; i++) {
                int flags = in.readByte();
                Optional<KeyBound> lower = (flags & CONTIGUOUS) != 0
                        ? previousEnd.map(end -> new KeyBound(end.key(), !end.inclusive()))
                        : readBound(in);
                Optional<KeyBound> upper = readBound(in);
                int epochId = (int) readVarLong(in);
                EncodedValue marker = (flags & SAME_MARKER) != 0 ? requireMarker(previousMarker) : readMarker(in);
                long rows = readVarLong(in);
                int chunks = (int) readVarLong(in);
                ranges.add(new FinishedRange(tableId, new ChunkRange(lower, upper), epochId, marker, rows, chunks, (flags & PAST) != 0));
                previousEnd = upper;
                previousMarker = marker;
            }
        }
        return ranges;
    }

    private static EncodedValue readMarker(DataInput in) throws IOException {
        int version = (int) readVarLong(in);
        byte[] bytes = new byte[(int) readVarLong(in)];
        in.readFully(bytes);
        return new EncodedValue(version, bytes);
    }

    private static EncodedValue requireMarker(EncodedValue previous) throws IOException {
        if (previous == null) {
            throw new IOException("a finished range refers to the marker before it, but it is the first");
        }
        return previous;
    }

    /** The finished part as {@code layout} wrote it: one range per chunk part before layout 3. */
    public static List<FinishedRange> readFinishedRanges(DataInput in, int layout) throws IOException {
        if (layout >= LAYOUT_3) {
            return readRanges(in);
        }
        return readFinished(in).stream().map(FinishedRange::of).toList();
    }

    /** Runs of consecutive ranges of one table ({@link FinishedRanges#list()} gives each table's ranges together). */
    private static List<List<FinishedRange>> groupByTable(List<FinishedRange> ranges) {
        List<List<FinishedRange>> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ranges.size(); i++) {
            if (i == ranges.size() || !ranges.get(i).tableId().equals(ranges.get(start).tableId())) {
                runs.add(ranges.subList(start, i));
                start = i;
            }
        }
        return runs;
    }

    /** A non-negative number in 7-bit groups, low first: one byte up to 127. */
    private static void writeVarLong(DataOutput out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        while (value >= 0x80) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed variable-length number");
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
        return ModelCodec.readSchema(in, layout >= LAYOUT_4);
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
