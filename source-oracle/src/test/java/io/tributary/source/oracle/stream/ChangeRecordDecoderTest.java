package io.tributary.source.oracle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.oracle.OracleValueConverters;
import io.debezium.schema.SchemaFactory;
import io.debezium.schema.SchemaNameAdjuster;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.UnchangedValue;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeRecordDecoderTest {
    private static final TableId ORDERS_ID = TableId.of(OracleChangeRecords.PDB, OracleChangeRecords.SCHEMA, "ORDERS");
    private static final OracleChangeRecords ORDERS = OracleChangeRecords.of(
            "CREATE TABLE APP.ORDERS (ID NUMBER(9) NOT NULL, AMOUNT NUMBER(10,2), NOTE CLOB, PRIMARY KEY (ID))");
    private static final StreamTable ORDERS_TABLE = StreamTable.of(List.of(
            new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false),
            new ColumnDescription("AMOUNT", "NUMBER", 22, OptionalInt.of(10), OptionalInt.of(2), 0, true),
            new ColumnDescription("NOTE", "CLOB", 4000, OptionalInt.empty(), OptionalInt.empty(), 0, true)), List.of("ID"));

    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder(id -> id.equals(ORDERS_ID) ? Optional.of(ORDERS_TABLE) : Optional.empty());

    @Test
    void anInsertCarriesItsAfterImageCommitTimeAndRedoPosition() {
        DecodedRecord decoded = decoder.decode(ORDERS.insert(ORDERS.row("7", "12.5", "first")));

        DataChangeEvent event = (DataChangeEvent) decoded.event().orElseThrow();
        assertThat(event.tableId()).isEqualTo(ORDERS_ID);
        assertThat(event.operation()).isEqualTo(Operation.INSERT);
        assertThat(event.after().orElseThrow()).containsExactly(7, new BigDecimal("12.50"), "first");
        assertThat(event.before()).isEmpty();
        assertThat(event.sourceTimestampMillis()).as("commit_ts_ms").isEqualTo(OracleChangeRecords.COMMIT_MILLIS);
        assertThat(event.sourcePosition().orElseThrow().fields())
                .containsExactly(Map.entry("scn", "1000045"), Map.entry("commit_scn", "1000050"), Map.entry("txId", "0a001b00c3000000"),
                        Map.entry("txSeq", 3L));
        assertThat(decoded.offset()).isEqualTo(EngineOffset.of(OracleChangeRecords.offset()));
        assertThat(decoded.commitScn()).contains("1000050");
        assertThat(decoded.transactionId()).contains("0a001b00c3000000");
        assertThat(decoded.transactionSequence()).hasValue(3L);
    }

    @Test
    void anUpdateCarriesBothImagesOrOnlyTheAfterImage() {
        DataChangeEvent withBefore = (DataChangeEvent) decoder.decode(ORDERS.update(ORDERS.row("7", "12.5", "first"), ORDERS.row("7", "13", "first")))
                .event().orElseThrow();
        assertThat(withBefore.operation()).isEqualTo(Operation.UPDATE);
        assertThat(withBefore.before().orElseThrow()).containsExactly(7, new BigDecimal("12.50"), "first");
        assertThat(withBefore.after().orElseThrow()).containsExactly(7, new BigDecimal("13.00"), "first");

        DataChangeEvent withoutBefore = (DataChangeEvent) decoder.decode(ORDERS.update(null, ORDERS.row("7", "13", "first"))).event().orElseThrow();
        assertThat(withoutBefore.before()).isEmpty();
        assertThat(withoutBefore.after().orElseThrow()).containsExactly(7, new BigDecimal("13.00"), "first");
    }

    @Test
    void aLobTheUpdateDidNotChangeIsAnUnchangedValue() {
        // With lob.enabled, an update that leaves a CLOB alone carries the connector's unavailable-value marker for it.
        SourceRecord update = ORDERS.update(ORDERS.row("7", "12.5", "first"),
                ORDERS.row("7", "13", OracleValueConverters.UNAVAILABLE_VALUE));

        DataChangeEvent event = (DataChangeEvent) decoder.decode(update).event().orElseThrow();

        assertThat(event.after().orElseThrow()).containsExactly(7, new BigDecimal("13.00"), UnchangedValue.INSTANCE);
    }

    @Test
    void anUnchangedBlobIsAnUnchangedValueToo() {
        TableId docsId = TableId.of(OracleChangeRecords.PDB, OracleChangeRecords.SCHEMA, "DOCS");
        OracleChangeRecords docs = OracleChangeRecords.of("CREATE TABLE APP.DOCS (ID NUMBER(9) NOT NULL, BODY BLOB, PRIMARY KEY (ID))");
        StreamTable table = StreamTable.of(List.of(new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false),
                new ColumnDescription("BODY", "BLOB", 4000, OptionalInt.empty(), OptionalInt.empty(), 0, true)), List.of("ID"));
        ChangeRecordDecoder docsDecoder = new ChangeRecordDecoder(id -> id.equals(docsId) ? Optional.of(table) : Optional.empty());

        DataChangeEvent unchanged = (DataChangeEvent) docsDecoder.decode(docs.update(null, docs.row("1", OracleValueConverters.UNAVAILABLE_VALUE)))
                .event().orElseThrow();
        DataChangeEvent changed = (DataChangeEvent) docsDecoder.decode(docs.update(null, docs.row("1", "HEXTORAW('CAFE')"))).event().orElseThrow();

        assertThat(unchanged.after().orElseThrow()).containsExactly(1, UnchangedValue.INSTANCE);
        assertThat(changed.after().orElseThrow()).containsExactly(1, new byte[] {(byte) 0xca, (byte) 0xfe});
    }

    @Test
    void aDeleteCarriesItsBeforeImage() {
        DataChangeEvent event = (DataChangeEvent) decoder.decode(ORDERS.delete(ORDERS.row("7", null, null))).event().orElseThrow();

        assertThat(event.operation()).isEqualTo(Operation.DELETE);
        assertThat(event.before().orElseThrow()).containsExactly(7, null, null);
        assertThat(event.after()).isEmpty();
    }

    @Test
    void aTruncateIsReportedAsTheOtherSourcesReportIt() {
        DecodedRecord decoded = decoder.decode(ORDERS.truncate());

        assertThat(decoded.event()).contains(new SchemaChangeEvent(ORDERS_ID, new SchemaChange.TruncateTable(), ORDERS_TABLE.schema()));
        assertThat(decoded.commitScn()).contains("1000050");
    }

    @Test
    void aSnapshotReadIsRefusedSinceTheEngineSnapshotsNoRows() {
        assertThatThrownBy(() -> decoder.decode(ORDERS.read(ORDERS.row("7", "1", "x")))).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL)).hasMessageContaining("snapshot row of " + ORDERS_ID);
    }

    @Test
    void heartbeatsTransactionMarkersAndTombstonesCarryNoEventButTheirOffset() {
        Schema heartbeatSchema = SchemaFactory.get().heartbeatValueSchema(SchemaNameAdjuster.NO_OP);
        SourceRecord heartbeat = new SourceRecord(Map.of("server", "tributary"), OracleChangeRecords.offset(), "__debezium-heartbeat.tributary",
                null, null, null, heartbeatSchema, new Struct(heartbeatSchema).put("ts_ms", 1L));
        Schema transactionSchema = SchemaFactory.get().transactionValueSchema(SchemaNameAdjuster.NO_OP);
        SourceRecord transaction = new SourceRecord(Map.of("server", "tributary"), OracleChangeRecords.offset(), "tributary.transaction",
                null, null, null, transactionSchema, new Struct(transactionSchema).put("status", "BEGIN").put("id", "0a001b00c3000000").put("ts_ms", 1L));
        SourceRecord tombstone = new SourceRecord(Map.of("server", "tributary"), OracleChangeRecords.offset(), "tributary.APP.ORDERS",
                null, null, null, null, null);

        for (SourceRecord record : List.of(heartbeat, transaction, tombstone)) {
            DecodedRecord decoded = decoder.decode(record);
            assertThat(decoded.event()).as(record.topic()).isEmpty();
            assertThat(decoded.offset()).isEqualTo(EngineOffset.of(OracleChangeRecords.offset()));
        }
    }

    @Test
    void aChangeToATableWithoutASchemaIsAClearError() {
        ChangeRecordDecoder knowsNothing = new ChangeRecordDecoder(id -> Optional.empty());

        assertThatThrownBy(() -> knowsNothing.decode(ORDERS.insert(ORDERS.row("7", "1", "x")))).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED)).hasMessageContaining("ORCLPDB1.APP.ORDERS")
                .hasMessageContaining("does not capture or has no schema for");
    }

    @Test
    void columnsThatDifferFromTheSchemaAreAClearError() {
        StreamTable withoutNote = StreamTable.of(List.of(
                new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(9), OptionalInt.of(0), 0, false),
                new ColumnDescription("AMOUNT", "NUMBER", 22, OptionalInt.of(10), OptionalInt.of(2), 0, true)), List.of("ID"));
        ChangeRecordDecoder stale = new ChangeRecordDecoder(id -> Optional.of(withoutNote));

        assertThatThrownBy(() -> stale.decode(ORDERS.insert(ORDERS.row("7", "1", "x")))).isInstanceOfSatisfying(TributaryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED))
                .hasMessageContaining("has the columns [ID, AMOUNT, NOTE], but the source's schema of the table has [ID, AMOUNT]");
    }

    @Test
    void aValueTheColumnCannotHoldIsAClearError() {
        // a NUMBER(9) whose schema here says NUMBER(4): 123456 does not fit a SMALLINT
        StreamTable narrower = StreamTable.of(List.of(
                new ColumnDescription("ID", "NUMBER", 22, OptionalInt.of(4), OptionalInt.of(0), 0, false),
                new ColumnDescription("AMOUNT", "NUMBER", 22, OptionalInt.of(10), OptionalInt.of(2), 0, true),
                new ColumnDescription("NOTE", "CLOB", 4000, OptionalInt.empty(), OptionalInt.empty(), 0, true)), List.of("ID"));

        assertThatThrownBy(() -> new ChangeRecordDecoder(id -> Optional.of(narrower)).decode(ORDERS.insert(ORDERS.row("123456", "1", "x"))))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED))
                .hasMessageContaining("Column ID (NUMBER) of a change to ORCLPDB1.APP.ORDERS").hasMessageContaining("123456");
    }
}
