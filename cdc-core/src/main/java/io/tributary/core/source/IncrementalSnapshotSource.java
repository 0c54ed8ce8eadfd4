package io.tributary.core.source;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.serialization.EventTypeInfo;
import io.tributary.core.source.dialect.SourceDialect;
import io.tributary.core.spi.SinkRecovery;
import io.tributary.core.source.enumerator.CdcSplitEnumerator;
import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.EnumeratorStateSerializer;
import io.tributary.core.source.reader.CdcSourceReader;
import io.tributary.core.source.reader.ReaderSettings;
import io.tributary.core.source.split.CdcSplit;
import io.tributary.core.source.split.CdcSplitSerializer;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The Flink source every database connector is built on: a lock-free, chunked, parallel snapshot
 * that hands off to the change log without gap or duplicate (DESIGN.md §3). The database-specific
 * parts come from a {@link SourceDialect}.
 */
public final class IncrementalSnapshotSource<P extends Comparable<P>, M> implements Source<Event, CdcSplit, EnumeratorState>, ResultTypeQueryable<Event> {
    private static final long serialVersionUID = 1L;
    private static final int DEFAULT_BATCH_ROWS = 1024;

    private final SourceDialect<P, M> dialect;
    private final StartupMode startupMode;
    private final SinkRecovery sinkRecovery;
    /** Where re-snapshot requests appear (a state directory); null when none are taken (a field of a serialized source, so no Optional). */
    private final String requestsDirectory;

    /** A source for a sink that recovers as {@code sinkRecovery} says (see the reader's chunk coverage). */
    public IncrementalSnapshotSource(SourceDialect<P, M> dialect, StartupMode startupMode, SinkRecovery sinkRecovery) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.startupMode = requireNonNull(startupMode, "startupMode is null");
        this.sinkRecovery = requireNonNull(sinkRecovery, "sinkRecovery is null");
        this.requestsDirectory = null;
    }

    private IncrementalSnapshotSource(IncrementalSnapshotSource<P, M> source, Path requestsDirectory) {
        this.dialect = source.dialect;
        this.startupMode = source.startupMode;
        this.sinkRecovery = source.sinkRecovery;
        this.requestsDirectory = requestsDirectory.toAbsolutePath().toString();
    }

    /**
     * This source, taking re-snapshot requests written to {@code stateDirectory} ({@link ResnapshotRequests}) while it
     * runs: the tables they name are read again while the stream goes on.
     */
    public IncrementalSnapshotSource<P, M> withResnapshotRequests(Path stateDirectory) {
        return new IncrementalSnapshotSource<>(this, requireNonNull(stateDirectory, "stateDirectory is null"));
    }

    private Optional<Path> requestsDirectory() {
        return Optional.ofNullable(requestsDirectory).map(Path::of);
    }

    @Override
    public Boundedness getBoundedness() {
        return startupMode.streams() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<Event, CdcSplit> createReader(SourceReaderContext readerContext) {
        return CdcSourceReader.create(dialect, readerContext, new ReaderSettings(new Configuration(), DEFAULT_BATCH_ROWS, sinkRecovery,
                startupMode.snapshots()));
    }

    @Override
    public SplitEnumerator<CdcSplit, EnumeratorState> createEnumerator(SplitEnumeratorContext<CdcSplit> context) {
        return new CdcSplitEnumerator<>(context, dialect, startupMode, sinkRecovery, EnumeratorState.initial(), requestsDirectory());
    }

    @Override
    public SplitEnumerator<CdcSplit, EnumeratorState> restoreEnumerator(SplitEnumeratorContext<CdcSplit> context, EnumeratorState state) {
        return new CdcSplitEnumerator<>(context, dialect, startupMode, sinkRecovery, state, requestsDirectory());
    }

    @Override
    public SimpleVersionedSerializer<CdcSplit> getSplitSerializer() {
        return CdcSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return EnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<Event> getProducedType() {
        return EventTypeInfo.INSTANCE;
    }

    public StartupMode startupMode() {
        return startupMode;
    }
}
