package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.ChunkKey;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.source.oracle.OracleSnapshotMarker;
import io.tributary.source.oracle.RedoPosition;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import io.tributary.source.oracle.stream.OracleChangeRecords.Tx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The stream's records for sequences of the connector's records, as it delivers them. */
class ChangeAssemblerTest {
    private static final String DATABASE = "FREEPDB1";
    private static final TableId ITEMS_ID = TableId.of(DATABASE, OracleChangeRecords.SCHEMA, "ITEMS");
    private static final OracleChangeRecords ITEMS = OracleChangeRecords.of("CREATE TABLE APP.ITEMS (ID NUMBER(9) NOT NULL, NAME VARCHAR2(20), "
            + "PRIMARY KEY (ID))");
    private static final OracleChangeRecords ITEMS_WITH_PRICE = OracleChangeRecords.of("CREATE TABLE APP.ITEMS (ID NUMBER(9) NOT NULL, "
            + "NAME VARCHAR2(20), PRICE NUMBER(10,2), PRIMARY KEY (ID))");
    private static final ColumnDescription ID = new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false);
    private static final ColumnDescription NAME = new ColumnDescription("NAME", "VARCHAR2", 20, OptionalInt.empty(), OptionalInt.empty(), 20, true);
    private static final ColumnDescription PRICE = new ColumnDescription("PRICE", "NUMBER", 22, OptionalInt.of(10), OptionalInt.of(2), 0, true);
    private static final StreamTable ITEMS_TABLE = StreamTable.of(List.of(ID, NAME), List.of("ID"));
    private static final StreamTable ITEMS_WITH_PRICE_TABLE = StreamTable.of(List.of(ID, NAME, PRICE), List.of("ID"));
    /** The hand-off after a snapshot as of SCN 1000: one transaction was open there, from SCN 990. */
    private static final HandoffOffset HANDOFF = new HandoffOffset(1000, List.of(new HandoffOffset.OpenTransaction("0a00", 990)),
            new TreeSet<>(List.of(1)));
    private static final RedoPosition START = RedoPosition.after(1000, HANDOFF.engineOffset());

    private final Map<TableId, StreamTable> catalog = new HashMap<>(Map.of(ITEMS_ID, ITEMS_TABLE));

    @Test
    void changesCarryPositionsInCommitOrderAndOffsetsThatResumeAfterThem() {
        ChangeAssembler assembler = assembler(noSnapshot());

        List<StreamRecord<RedoPosition>> out = new ArrayList<>();
        out.addAll(assembler.accept(ITEMS.insert(ITEMS.row("1", "a"), new Tx("0a00", 1005, 1, 989))));
        out.addAll(assembler.accept(ITEMS.insert(ITEMS.row("2", "b"), new Tx("0a00", 1005, 2, 989))));
        out.addAll(assembler.accept(ITEMS.insert(ITEMS.row("3", "c"), new Tx("0b00", 1005, 1, 1001))));
        out.addAll(assembler.accept(ITEMS.delete(ITEMS.row("1", "a"), new Tx("0c00", 1007, 1, 1006))));

        assertThat(out).allSatisfy(record -> assertThat(record.event()).isPresent());
        List<RedoPosition> positions = out.stream().map(StreamRecord::positionAfter).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(positions.get(1)).as("second change of the first transaction at SCN 1005")
                .extracting(RedoPosition::commitScn, RedoPosition::commitIndex, RedoPosition::changesEmitted).containsExactly(1005L, 0, 2L);
        assertThat(positions.get(2)).as("the second transaction committed at SCN 1005")
                .extracting(RedoPosition::commitScn, RedoPosition::commitIndex, RedoPosition::changesEmitted).containsExactly(1005L, 1, 1L);
        assertThat(positions.get(3).engineOffset().values()).containsEntry("txId", "0c00").containsEntry("txSeq", 1L)
                .containsEntry("commit_scn", "1007:1:0c00");
        assertThat(((DataChangeEvent) out.get(3).event().orElseThrow()).operation()).isEqualTo(Operation.DELETE);
    }

    @Test
    void untilTheLowWatermarkPassesTheSnapshotScnOffsetsKeepTheTransactionsOpenThere() {
        ChangeAssembler assembler = assembler(noSnapshot());

        RedoPosition early = last(assembler.accept(ITEMS.insert(ITEMS.row("1", "a"), new Tx("0b00", 1002, 1, 989))));
        RedoPosition late = last(assembler.accept(ITEMS.insert(ITEMS.row("2", "b"), new Tx("0c00", 1004, 1, 1003))));

        assertThat(early.engineOffset().values()).as("the transaction open at SCN 1000 may still commit")
                .containsEntry("snapshot_scn", "1000").containsEntry("snapshot_pending_tx", "0a00:990");
        assertThat(late.engineOffset().values()).as("every transaction open at SCN 1000 has ended")
                .doesNotContainKeys("snapshot_scn", "snapshot_pending_tx");
    }

    @Test
    void aHeartbeatMovesTheOffsetButNotThePlaceInTheOrder() {
        ChangeAssembler assembler = assembler(noSnapshot());
        RedoPosition afterChange = last(assembler.accept(ITEMS.insert(ITEMS.row("1", "a"), new Tx("0b00", 1002, 1, 1001))));

        List<StreamRecord<RedoPosition>> heartbeat = assembler.accept(OracleChangeRecords.heartbeat(1500, 1499));

        assertThat(heartbeat).singleElement().satisfies(record -> {
            assertThat(record.event()).isEmpty();
            assertThat(record.positionAfter()).isEqualByComparingTo(afterChange);
            assertThat(record.positionAfter().engineOffset().values()).containsEntry("scn", "1500").containsEntry("commit_scn", "1499:1:");
        });
    }

    @Test
    void aChangeTheSnapshotChunkAlreadyHoldsOnlyMovesThePosition() {
        // The table's one chunk was read as of SCN 1010: it holds what committed up to 1010.
        ChangeAssembler assembler = assembler(wholeTableReadAsOf(1010));

        StreamRecord<RedoPosition> held = assembler.accept(ITEMS.insert(ITEMS.row("1", "a"), new Tx("0b00", 1010, 1, 1001))).get(0);
        StreamRecord<RedoPosition> after = assembler.accept(ITEMS.insert(ITEMS.row("2", "b"), new Tx("0c00", 1011, 1, 1001))).get(0);
        StreamRecord<RedoPosition> truncateHeld = assembler.accept(ITEMS.truncate(new Tx("0d00", 1009, 1, 1001))).get(0);

        assertThat(held.event()).isEmpty();
        assertThat(held.positionAfter().commitScn()).isEqualTo(1010);
        assertThat(after.event()).isPresent();
        assertThat(truncateHeld.event()).as("a TRUNCATE every chunk was read after").isEmpty();
    }

    @Test
    void aChangeToATableCutByRowidIsLookedUpByTheRowidTheLogGives() {
        // Two ROWID ranges: up to AAAR3sAAEAAAACXAAA read as of SCN 1010, from there on as of SCN 1020.
        String cut = "AAAR3sAAEAAAACXAAA";
        SnapshotCoverage<OracleSnapshotMarker> byRowId = new SnapshotCoverage<>() {
            private final io.tributary.source.oracle.snapshot.RowIdChunkKeyOrder order = new io.tributary.source.oracle.snapshot.RowIdChunkKeyOrder();

            @Override
            public Collection<OracleSnapshotMarker> markers() {
                return List.of(new OracleSnapshotMarker(1010), new OracleSnapshotMarker(1020));
            }

            @Override
            public Optional<OracleSnapshotMarker> markerFor(TableId tableId, Object[] chunkKey) {
                return Optional.of(new OracleSnapshotMarker(order.compare(chunkKey, new Object[] {cut}) < 0 ? 1010 : 1020));
            }

            @Override
            public ChunkKey chunkKey(TableId tableId) {
                return ChunkKey.synthetic("ROWID");
            }
        };
        ChangeAssembler assembler = assembler(byRowId);

        StreamRecord<RedoPosition> inFirstRange = assembler.accept(ITEMS.insert(ITEMS.row("1", "a"),
                new Tx("0b00", 1015, 1, 1001, "AAAR3sAAEAAAACWAAB"))).get(0);
        StreamRecord<RedoPosition> inSecondRange = assembler.accept(ITEMS.insert(ITEMS.row("2", "b"),
                new Tx("0c00", 1016, 1, 1001, "AAAR3sAAEAAAACXAAC"))).get(0);

        assertThat(inFirstRange.event()).as("committed after its range was read").isPresent();
        assertThat(inSecondRange.event()).as("its range was read as of SCN 1020").isEmpty();
    }

    @Test
    void aColumnAddedToTheTableReachesTheSinkBeforeTheFirstChangeThatHasIt() {
        ChangeAssembler assembler = assembler(noSnapshot());
        catalog.put(ITEMS_ID, ITEMS_WITH_PRICE_TABLE);

        List<StreamRecord<RedoPosition>> out = assembler.accept(ITEMS_WITH_PRICE.insert(ITEMS_WITH_PRICE.row("5", "e", "9.99"),
                new Tx("0b00", 1002, 1, 1001)));

        assertThat(out).hasSize(2);
        SchemaChangeEvent added = (SchemaChangeEvent) out.get(0).event().orElseThrow();
        assertThat(added.change()).isInstanceOfSatisfying(SchemaChange.AddColumn.class, add -> {
            assertThat(add.column().name()).isEqualTo("PRICE");
            assertThat(add.afterColumn()).contains("NAME");
        });
        assertThat(out.get(0).positionAfter()).as("resuming there reads the change again").isEqualTo(START);
        assertThat(((DataChangeEvent) out.get(1).event().orElseThrow()).after().orElseThrow()).hasSize(3);
        assertThat(assembler.table(ITEMS_ID)).contains(ITEMS_WITH_PRICE_TABLE);
    }

    @Test
    void aTableCreatedWhileStreamingThatTheOptionSelectsIsCreatedInTheSink() {
        TableId newId = TableId.of(DATABASE, OracleChangeRecords.SCHEMA, "ITEMS");
        catalog.clear();
        ChangeAssembler assembler = new ChangeAssembler(DATABASE, Map.of(), id -> id.equals(newId), this::lookup, noSnapshot(), START);
        catalog.put(newId, ITEMS_TABLE);

        List<StreamRecord<RedoPosition>> out = assembler.accept(ITEMS.insert(ITEMS.row("1", "a"), new Tx("0b00", 1002, 1, 1001)));

        assertThat(out).hasSize(2);
        assertThat(((SchemaChangeEvent) out.get(0).event().orElseThrow()).change()).isInstanceOf(SchemaChange.CreateTable.class);
        assertThat(((DataChangeEvent) out.get(1).event().orElseThrow()).tableId()).isEqualTo(newId);
    }

    private ChangeAssembler assembler(SnapshotCoverage<OracleSnapshotMarker> coverage) {
        return new ChangeAssembler(DATABASE, Map.of(ITEMS_ID, ITEMS_TABLE), id -> false, this::lookup, coverage, START);
    }

    private Optional<StreamTable> lookup(TableId id) {
        return Optional.ofNullable(catalog.get(id));
    }

    private static RedoPosition last(List<StreamRecord<RedoPosition>> records) {
        return records.get(records.size() - 1).positionAfter();
    }

    private static SnapshotCoverage<OracleSnapshotMarker> noSnapshot() {
        return coverage(Optional.empty());
    }

    private static SnapshotCoverage<OracleSnapshotMarker> wholeTableReadAsOf(long scn) {
        return coverage(Optional.of(new OracleSnapshotMarker(scn)));
    }

    /** The snapshot read ITEMS as one chunk under {@code marker}, or read nothing. */
    private static SnapshotCoverage<OracleSnapshotMarker> coverage(Optional<OracleSnapshotMarker> marker) {
        return new SnapshotCoverage<>() {
            @Override
            public Collection<OracleSnapshotMarker> markers() {
                return marker.stream().toList();
            }

            @Override
            public Optional<OracleSnapshotMarker> markerFor(TableId tableId, Object[] chunkKey) {
                return tableId.equals(ITEMS_ID) ? marker : Optional.empty();
            }

            @Override
            public ChunkKey chunkKey(TableId tableId) {
                return ChunkKey.none();
            }
        };
    }
}
