package io.tributary.core.source.event;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.CdcSplitSerializer;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.ReadAgain;
import io.tributary.core.source.split.SnapshotSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Enumerator → the reader of the stream: read these tables again while streaming (a re-snapshot).
 * The tables travel as snapshot splits in the binary split encoding, since key bounds and schemas
 * are not Java-serializable.
 */
public final class ReadAgainEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;

    private final long requestId;
    private final int version;
    private final List<byte[]> encodedTables;
    private final long[] estimatedRows;
    /** Which rows, or null for all (a field of a Java-serialized event, so no Optional). */
    private final String condition;

    /**
     * @param tables each table as read: id, schema and chunk key, and how many rows the database estimates it holds
     * @param condition which rows to read, in the database's query language; empty for all
     */
    public ReadAgainEvent(long requestId, List<CapturedTable> tables, Optional<String> condition) {
        requireNonNull(tables, "tables is null");
        this.condition = condition.orElse(null);
        this.estimatedRows = tables.stream().mapToLong(CapturedTable::estimatedRows).toArray();
        this.requestId = requestId;
        this.version = CdcSplitSerializer.INSTANCE.getVersion();
        List<byte[]> encoded = new ArrayList<>();
        try {
            for (CapturedTable table : tables) {
                encoded.add(CdcSplitSerializer.INSTANCE.serialize(SnapshotSplit.fresh(table, 0, ChunkRange.all())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.encodedTables = encoded;
    }

    /** The tables, each to be read from its start. */
    public List<ReadAgain> tables() {
        List<ReadAgain> tables = new ArrayList<>();
        try {
            for (int i = 0; i < encodedTables.size(); i++) {
                SnapshotSplit table = (SnapshotSplit) CdcSplitSerializer.INSTANCE.deserialize(version, encodedTables.get(i));
                tables.add(new ReadAgain(requestId, table, estimatedRows[i], Optional.ofNullable(condition), Optional.empty()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    @Override
    public String toString() {
        return "ReadAgainEvent(request " + requestId + ", " + encodedTables.size() + " tables)";
    }
}
