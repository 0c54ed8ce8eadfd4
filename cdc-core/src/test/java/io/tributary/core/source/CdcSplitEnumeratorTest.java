package io.tributary.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.enumerator.CdcSplitEnumerator;
import io.tributary.core.source.enumerator.EnumeratorState;
import io.tributary.core.source.enumerator.FakeEnumeratorContext;
import io.tributary.core.source.enumerator.FakeEnumeratorContext.Assignment;
import io.tributary.core.source.enumerator.FakeEnumeratorContext.AsyncCall;
import io.tributary.core.source.enumerator.FakeEnumeratorContext.SentEvent;
import io.tributary.core.source.event.ChunksFinishedEvent;
import io.tributary.core.source.event.EpochEvent;
import io.tributary.core.source.event.ReadAgainEvent;
import io.tributary.core.source.event.StreamReleaseEvent;
import io.tributary.core.source.event.StreamRestoredEvent;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.source.split.EncodedValue;
import io.tributary.core.source.split.FinishedChunk;
import io.tributary.core.source.split.SnapshotSplit;
import io.tributary.core.source.split.StreamSplit;
import io.tributary.core.spi.SinkRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enumerator's handoff, driven through its Flink interface with a fake context whose
 * background calls run when the test says so, over the in-memory test database (10 rows in
 * chunks of 4: three chunks).
 */
class CdcSplitEnumeratorTest {
    private static final EncodedValue MARKER = new EncodedValue(1, new byte[] {0});

    private final FakeEnumeratorContext context = new FakeEnumeratorContext(2);
    private final String database = "enumerator-" + System.nanoTime();
    private int chunksReported;
    /** A sink that rolls back keeps the gate on the whole snapshot; the tests of streaming during it say otherwise. */
    private SinkRecovery sinkRecovery = SinkRecovery.ROLLS_BACK;
    private boolean locatesChanges;

    private CdcSplitEnumerator<Long, Long> started(StartupMode mode) {
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(mode, EnumeratorState.initial());
        context.runAsyncWork();
        return enumerator;
    }

    private CdcSplitEnumerator<Long, Long> startedWithoutBackgroundWork(StartupMode mode, EnumeratorState state) {
        return startedWithoutBackgroundWork(mode, state, Optional.empty());
    }

    private CdcSplitEnumerator<Long, Long> startedWithoutBackgroundWork(StartupMode mode, EnumeratorState state, Optional<Path> requests) {
        InMemoryDatabase rows = InMemoryDatabase.create(database);
        for (long id = 0; id < 10; id++) {
            rows.upsert(id, id);
        }
        CdcSplitEnumerator<Long, Long> enumerator = new CdcSplitEnumerator<>(context, new InMemoryDialect(database, 4, 0, locatesChanges), mode, sinkRecovery,
                state, requests);
        enumerator.start();
        for (int reader = 0; reader < 2; reader++) {
            context.registerReader(reader);
            enumerator.addReader(reader);
        }
        return enumerator;
    }

    private int epochsOpened() {
        return InMemoryDialect.EPOCHS_OPENED.getOrDefault(database, new AtomicInteger()).get();
    }

    private int epochsOpen() {
        return InMemoryDialect.EPOCHS_OPEN.getOrDefault(database, new AtomicInteger()).get();
    }

    private List<SentEvent> epochEvents() {
        return context.events().stream().filter(e -> e.event() instanceof EpochEvent).toList();
    }

    /** Each reader asks for two splits at start, as the source reader does. */
    private void readersAskForSplits(CdcSplitEnumerator<Long, Long> enumerator) {
        for (int reader = 0; reader < 2; reader++) {
            enumerator.handleSplitRequest(reader, "localhost");
            enumerator.handleSplitRequest(reader, "localhost");
        }
        context.runAsyncWork();
    }

    /** Reads every assigned chunk as a reader does: reports it finished and asks for another, until none is left. */
    private void readAllChunks(CdcSplitEnumerator<Long, Long> enumerator) {
        while (true) {
            context.runAsyncWork();
            List<Assignment> chunks = chunkAssignments();
            if (chunksReported == chunks.size()) {
                return;
            }
            for (Assignment assignment : chunks.subList(chunksReported, chunks.size())) {
                SnapshotSplit chunk = (SnapshotSplit) assignment.split();
                FinishedChunk finished = new FinishedChunk(chunk.splitId(), chunk.tableId(), chunk.range(), 1, MARKER, 4);
                enumerator.handleSourceEvent(assignment.reader(), new ChunksFinishedEvent(List.of(finished)));
                enumerator.handleSplitRequest(assignment.reader(), "localhost");
            }
            chunksReported = chunks.size();
        }
    }

    private List<Assignment> chunkAssignments() {
        return context.assignments().stream().filter(a -> a.split() instanceof SnapshotSplit).toList();
    }

    private List<Assignment> streamAssignments() {
        return context.assignments().stream().filter(a -> a.split() instanceof StreamSplit).toList();
    }

    @Test
    void theStreamStartsOnlyWhenACheckpointTakenAfterTheSnapshotHasCompleted() {
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.INITIAL);
        readersAskForSplits(enumerator);
        enumerator.snapshotState(1);
        readAllChunks(enumerator);
        assertThat(chunkAssignments()).hasSize(3);

        enumerator.notifyCheckpointComplete(1);
        assertThat(streamAssignments()).as("checkpoint 1 misses snapshot rows").isEmpty();
        EnumeratorState beforeGate = enumerator.snapshotState(2);
        assertThat(beforeGate.streamAssigned()).isFalse();
        assertThat(streamAssignments()).as("checkpoint 2 holds every snapshot row but has not completed").isEmpty();

        enumerator.notifyCheckpointComplete(2);
        assertThat(streamAssignments()).hasSize(1);
        StreamSplit stream = (StreamSplit) streamAssignments().get(0).split();
        assertThat(stream.finishedRanges()).as("the three chunks read under one epoch fold into one range covering the table")
                .singleElement().satisfies(range -> {
                    assertThat(range.range().isWholeTable()).isTrue();
                    assertThat(range.chunks()).isEqualTo(3);
                });
        assertThat(enumerator.snapshotState(3).streamAssigned()).isTrue();
    }

    @Test
    void forASinkWhereReplaysConvergeTheStreamComesFirstAndEveryChunkGoesToItsReader() {
        sinkRecovery = SinkRecovery.REPLAY_CONVERGES;
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.INITIAL);
        readersAskForSplits(enumerator);

        assertThat(streamAssignments()).as("the stream runs before any chunk is read").extracting(Assignment::reader).containsExactly(0);
        assertThat(context.assignments().get(0).split()).isInstanceOf(StreamSplit.class);
        readAllChunks(enumerator);
        assertThat(chunkAssignments()).as("the stream's reader reads every chunk between its reads of the log")
                .hasSize(3).extracting(Assignment::reader).containsOnly(0);
        assertThat(enumerator.snapshotState(1).streamAssigned()).isTrue();
        assertThat(streamAssignments()).as("no checkpoint is waited for, and the stream is not handed out twice").hasSize(1);
    }

    @Test
    void forASinkThatRollsBackTheStreamComesFirstWhereTheSourceSaysWhichViewHoldsAChange() {
        locatesChanges = true;
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.INITIAL);
        readersAskForSplits(enumerator);

        assertThat(streamAssignments()).as("the stream runs before any chunk is read").extracting(Assignment::reader).containsExactly(0);
        readAllChunks(enumerator);
        assertThat(chunkAssignments()).hasSize(3).extracting(Assignment::reader).containsOnly(0);
    }

    @Test
    void forASinkThatRollsBackTheStreamWaitsForTheSnapshotWhereTheSourceCannotSayWhichViewHoldsAChange() {
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.INITIAL);
        readersAskForSplits(enumerator);

        assertThat(streamAssignments()).as("no stream before the snapshot is read").isEmpty();
        readAllChunks(enumerator);
        assertThat(chunkAssignments()).as("chunks spread over the readers").extracting(Assignment::reader).contains(0, 1);
    }

    @Test
    void streamOnlyModesStreamAtOnceWithoutSnapshotOrEpoch() {
        started(StartupMode.LATEST_OFFSET);

        assertThat(streamAssignments()).extracting(Assignment::reader).containsExactly(0);
        assertThat(chunkAssignments()).isEmpty();
        assertThat(context.events()).as("no snapshot epoch is opened or announced").isEmpty();
    }

    @Test
    void aFailedReadersStreamSplitGoesToTheNextReaderThatAsks() {
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.LATEST_OFFSET);
        StreamSplit stream = (StreamSplit) streamAssignments().get(0).split();

        enumerator.addSplitsBack(List.of(stream), 0);
        assertThat(enumerator.snapshotState(1).streamAssigned()).isFalse();
        enumerator.handleSplitRequest(0, "localhost");

        assertThat(streamAssignments()).extracting(Assignment::reader).containsExactly(0, 0);
        assertThat(enumerator.snapshotState(2).streamAssigned()).isTrue();
    }

    @Test
    void aFailedReadersChunksAreReadAgainFirst() {
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.SNAPSHOT);
        readersAskForSplits(enumerator);
        List<Assignment> first = new ArrayList<>(chunkAssignments());
        assertThat(first).hasSize(3);
        SnapshotSplit lost = (SnapshotSplit) first.get(0).split();

        enumerator.addSplitsBack(List.of(lost), first.get(0).reader());
        assertThat(enumerator.snapshotState(1).pendingSplits()).containsExactly(lost);
        enumerator.handleSplitRequest(1, "localhost");
        assertThat(chunkAssignments().get(3)).isEqualTo(new Assignment(1, lost));
    }

    @Test
    void snapshotModeTellsEveryReaderWhenNothingIsLeft() {
        CdcSplitEnumerator<Long, Long> enumerator = started(StartupMode.SNAPSHOT);
        readersAskForSplits(enumerator);
        readAllChunks(enumerator);
        enumerator.snapshotState(1);
        enumerator.notifyCheckpointComplete(1);

        assertThat(context.readersWithoutMoreSplits()).containsExactlyInAnyOrder(0, 1);
        assertThat(streamAssignments()).isEmpty();
    }

    @Test
    void theEpochOpensInTheBackgroundAndChunksWaitForIt() {
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, EnumeratorState.initial());
        context.nextCall().work().deliver();
        AsyncCall<?> opening = context.nextCall();
        readersAskForSplits(enumerator);

        assertThat(epochsOpened()).as("not opened on the coordinator thread").isZero();
        assertThat(context.callsInFlight()).as("no second epoch while one is opening").isZero();
        assertThat(enumerator.snapshotState(1).pendingSplits()).as("chunks are made meanwhile").hasSize(3);
        assertThat(chunkAssignments()).as("no chunk before its epoch").isEmpty();

        opening.work();
        assertThat(epochEvents()).as("announced only from the coordinator thread").isEmpty();
        opening.deliver();
        assertThat(epochEvents()).extracting(SentEvent::reader).containsExactly(0, 1);
        assertThat(epochEvents()).allSatisfy(e -> assertThat(((EpochEvent) e.event()).epochId()).isEqualTo(1));
        assertThat(chunkAssignments()).hasSize(3);
        assertThat(enumerator.snapshotState(2).lastEpochId()).isEqualTo(1);

        readAllChunks(enumerator);
        assertThat(epochsOpened()).isEqualTo(1);
        assertThat(epochsOpen()).as("released when the snapshot completed").isZero();
    }

    @Test
    void closingWhileTheEpochOpensClosesItWhenItArrives() {
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, EnumeratorState.initial());
        context.nextCall().work().deliver();
        AsyncCall<?> opening = context.nextCall();

        enumerator.close();
        opening.work().deliver();

        assertThat(epochsOpened()).isEqualTo(1);
        assertThat(epochsOpen()).isZero();
        assertThat(epochEvents()).isEmpty();
    }

    @Test
    void closingAfterTheEpochOpenedButBeforeItsHandlerRanClosesIt() {
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, EnumeratorState.initial());
        context.nextCall().work().deliver();
        AsyncCall<?> opening = context.nextCall();

        opening.work();
        enumerator.close();

        assertThat(epochsOpen()).as("closed although Flink drops the handler of a closed coordinator").isZero();
        opening.deliver();
        assertThat(epochsOpen()).isZero();
        assertThat(epochEvents()).isEmpty();
    }

    @Test
    void anEpochArrivingAfterTheSnapshotCompletedIsClosedUnannounced() {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        SnapshotSplit inProgress = SnapshotSplit.fresh(table, 0, ChunkRange.all());
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(table))
                .streamStart(Optional.of(MARKER))
                .assignedSplits(Set.of(inProgress.splitId()))
                .lastEpochId(4)
                .build();
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored);
        AsyncCall<?> opening = context.nextCall();

        FinishedChunk finished = new FinishedChunk(inProgress.splitId(), table.tableId(), ChunkRange.all(), 4, MARKER, 10);
        enumerator.handleSourceEvent(0, new ChunksFinishedEvent(List.of(finished)));
        opening.work().deliver();

        assertThat(epochsOpen()).isZero();
        assertThat(epochEvents()).isEmpty();
        assertThat(enumerator.snapshotState(1).lastEpochId()).as("an epoch nobody read under takes no id").isEqualTo(4);
        enumerator.notifyCheckpointComplete(1);
        assertThat(streamAssignments()).as("the handoff goes on").hasSize(1);
    }

    @Test
    void afterARestartANewEpochWithTheNextIdIsAnnouncedBeforeChunksAreHandedOut() {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        SnapshotSplit pending = SnapshotSplit.fresh(table, 0, ChunkRange.all());
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(table))
                .streamStart(Optional.of(MARKER))
                .pendingSplits(List.of(pending))
                .lastEpochId(4)
                .build();
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored);
        enumerator.handleSplitRequest(1, "localhost");
        assertThat(chunkAssignments()).isEmpty();

        context.runAsyncWork();

        assertThat(epochEvents()).allSatisfy(e -> assertThat(((EpochEvent) e.event()).epochId()).isEqualTo(5)).hasSize(2);
        assertThat(chunkAssignments()).containsExactly(new Assignment(1, pending));
    }

    @Test
    void aTableThatJoinedAcrossARestartIsSnapshottedBeforeTheRestoredStreamReadsOn() {
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of())
                .streamStart(Optional.of(MARKER))
                .streamAssigned(true)
                .lastEpochId(2)
                .tableSelection(Optional.of("tables: none yet"))
                .build();
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored);
        context.runAsyncWork();
        readersAskForSplits(enumerator);
        assertThat(chunkAssignments()).as("nothing is read before the stream's reader says what it streams").isEmpty();

        enumerator.handleSourceEvent(0, new StreamRestoredEvent(Set.of()));
        enumerator.snapshotState(1);
        readAllChunks(enumerator);
        assertThat(chunkAssignments()).as("the joining table is snapshotted").hasSize(3);
        enumerator.notifyCheckpointComplete(1);
        assertThat(releases()).as("checkpoint 1 misses the joining table's rows").isEmpty();

        enumerator.snapshotState(2);
        enumerator.notifyCheckpointComplete(2);
        assertThat(releases()).singleElement().satisfies(sent -> {
            assertThat(sent.reader()).isZero();
            StreamReleaseEvent release = (StreamReleaseEvent) sent.event();
            assertThat(release.left()).isEmpty();
            StreamSplit joined = release.joined();
            assertThat(joined.schemas()).containsOnlyKeys(InMemoryDatabase.TABLE);
            assertThat(joined.finishedRanges()).singleElement().satisfies(range -> assertThat(range.chunks()).isEqualTo(3));
        });
        assertThat(streamAssignments()).as("the restored stream is not handed out again").isEmpty();
    }

    @Test
    void aTableThatNoLongerMatchesLeavesTheRestoredStreamAtOnceAndNothingIsReadAgain() {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        TableId gone = TableId.of("db", "s", "gone");
        CapturedTable goneTable = CapturedTable.byPrimaryKey(gone, InMemoryDatabase.SCHEMA, 10);
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(table, goneTable))
                .streamStart(Optional.of(MARKER))
                .streamAssigned(true)
                .lastEpochId(1)
                .tableSelection(Optional.of("tables: items, gone"))
                .build();
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored);
        enumerator.handleSourceEvent(1, new StreamRestoredEvent(Set.of(InMemoryDatabase.TABLE, gone)));
        assertThat(releases()).as("waits for the tables matched now").isEmpty();

        context.runAsyncWork();
        readersAskForSplits(enumerator);

        assertThat(releases()).singleElement().satisfies(sent -> {
            assertThat(sent.reader()).isEqualTo(1);
            StreamReleaseEvent release = (StreamReleaseEvent) sent.event();
            assertThat(release.left()).containsExactly(gone);
            assertThat(release.joined().schemas()).isEmpty();
        });
        assertThat(chunkAssignments()).isEmpty();
        assertThat(enumerator.snapshotState(1).tables()).containsExactly(table);
    }

    @Test
    void aReSnapshotRequestGoesToTheStreamsReaderOnceTheStreamRunsAndOnlyOnce(@TempDir Path stateDirectory) {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(table))
                .streamStart(Optional.of(MARKER))
                .streamAssigned(true)
                .lastEpochId(1)
                .build();
        ResnapshotRequests.write(stateDirectory, List.of(InMemoryDatabase.TABLE.toString(), "db.s.unknown"));
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored, Optional.of(stateDirectory));
        context.runPeriodicCalls();
        context.runAsyncWork();
        assertThat(readAgainEvents()).as("the restored stream has not said it runs").isEmpty();

        enumerator.handleSourceEvent(1, new StreamRestoredEvent(Set.of(InMemoryDatabase.TABLE)));
        context.runPeriodicCalls();
        context.runAsyncWork();

        assertThat(readAgainEvents()).singleElement().satisfies(sent -> {
            assertThat(sent.reader()).as("the stream's reader").isEqualTo(1);
            assertThat(((ReadAgainEvent) sent.event()).tables()).singleElement().satisfies(again -> {
                assertThat(again.requestId()).isEqualTo(1);
                assertThat(again.table().tableId()).isEqualTo(InMemoryDatabase.TABLE);
                assertThat(again.lastKey()).isEmpty();
            });
        });
        assertThat(chunkAssignments()).as("no chunk is handed out: the stream's reader reads the table").isEmpty();
        EnumeratorState checkpointed = enumerator.snapshotState(1);
        assertThat(checkpointed.resnapshotId()).isEqualTo(1);

        context.runPeriodicCalls();
        context.runAsyncWork();
        assertThat(readAgainEvents()).as("taken once").hasSize(1);

        // A restart from that checkpoint does not take it again; a new request is.
        FakeEnumeratorContext restartedContext = new FakeEnumeratorContext(2);
        CdcSplitEnumerator<Long, Long> restarted = new CdcSplitEnumerator<>(restartedContext, new InMemoryDialect(database, 4, 0), StartupMode.INITIAL,
                SinkRecovery.ROLLS_BACK, checkpointed, Optional.of(stateDirectory));
        restarted.start();
        restartedContext.registerReader(0);
        restarted.addReader(0);
        restarted.handleSourceEvent(0, new StreamRestoredEvent(Set.of(InMemoryDatabase.TABLE)));
        restartedContext.runPeriodicCalls();
        restartedContext.runAsyncWork();
        assertThat(restartedContext.events()).noneMatch(e -> e.event() instanceof ReadAgainEvent);
        ResnapshotRequests.write(stateDirectory, List.of(InMemoryDatabase.TABLE.toString()));
        restartedContext.runPeriodicCalls();
        restartedContext.runAsyncWork();
        assertThat(restartedContext.events()).filteredOn(e -> e.event() instanceof ReadAgainEvent).singleElement()
                .satisfies(sent -> assertThat(((ReadAgainEvent) sent.event()).tables().get(0).requestId()).isEqualTo(2));
    }

    @Test
    void aConditionTheSourceCannotApplyIsRefusedAndNothingIsRead(@TempDir Path stateDirectory) {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        EnumeratorState restored = EnumeratorState.builder().discovered(true).tables(List.of(table)).streamStart(Optional.of(MARKER))
                .streamAssigned(true).lastEpochId(1).build();
        ResnapshotRequests.write(stateDirectory, List.of(InMemoryDatabase.TABLE.toString()), Optional.of("id > 5"));
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored, Optional.of(stateDirectory));
        enumerator.handleSourceEvent(0, new StreamRestoredEvent(Set.of(InMemoryDatabase.TABLE)));

        context.runPeriodicCalls();
        context.runAsyncWork();

        assertThat(readAgainEvents()).as("the in-memory source reads tables again only whole").isEmpty();
        assertThat(enumerator.snapshotState(1).resnapshotId()).as("the request is answered (in the log), not retried forever").isEqualTo(1);
    }

    private List<SentEvent> readAgainEvents() {
        return context.events().stream().filter(e -> e.event() instanceof ReadAgainEvent).toList();
    }

    private List<SentEvent> releases() {
        return context.events().stream().filter(e -> e.event() instanceof StreamReleaseEvent).toList();
    }

    @Test
    void aRestartWithTheSameSelectionReleasesTheRestoredStreamAtOnceWithoutLookingForTables() {
        CapturedTable table = CapturedTable.byPrimaryKey(InMemoryDatabase.TABLE, InMemoryDatabase.SCHEMA, 10);
        EnumeratorState restored = EnumeratorState.builder()
                .discovered(true)
                .tables(List.of(table))
                .streamStart(Optional.of(MARKER))
                .streamAssigned(true)
                .lastEpochId(1)
                .tableSelection(Optional.of("tables: " + InMemoryDatabase.TABLE))
                .build();
        CdcSplitEnumerator<Long, Long> enumerator = startedWithoutBackgroundWork(StartupMode.INITIAL, restored);
        assertThat(context.callsInFlight()).as("no discovery").isZero();

        enumerator.handleSourceEvent(0, new StreamRestoredEvent(Set.of(InMemoryDatabase.TABLE)));

        assertThat(releases()).singleElement().satisfies(sent -> {
            StreamReleaseEvent release = (StreamReleaseEvent) sent.event();
            assertThat(release.left()).isEmpty();
            assertThat(release.joined().schemas()).isEmpty();
        });
        assertThat(enumerator.snapshotState(1).tableSelection()).contains("tables: " + InMemoryDatabase.TABLE);
    }
}
