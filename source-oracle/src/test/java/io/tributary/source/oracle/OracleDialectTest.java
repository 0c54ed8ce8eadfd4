package io.tributary.source.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.StreamRecord;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.core.spi.SourceFactory;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.source.jdbc.snapshot.KeyLayout;
import io.tributary.source.jdbc.snapshot.KeyRangeQueries;
import io.tributary.source.oracle.stream.OracleEngineProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** What the Oracle source builds from its options alone: chunk queries as of an SCN, hand-off rules, the log reader's table list. */
class OracleDialectTest {
    private static final TableId ORDERS = TableId.of("FREEPDB1", "SALES", "ORDERS");
    private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("REGION", DataType.of(TypeKind.INTEGER)),
            new Column("ID", DataType.of(TypeKind.BIGINT)), new Column("NOTE", DataType.withLength(TypeKind.VARCHAR, 20))), List.of("REGION", "ID"));

    private final OracleDialect dialect = new OracleDialect(OracleSourceOptions.from(Configuration.fromMap(options(Map.of()))));

    @Test
    void aChunkIsReadAsOfTheEpochsScnWithTheKeyComparedColumnByColumn() {
        KeyLayout layout = KeyLayout.plain(new io.tributary.core.source.dialect.CapturedTable(ORDERS, SCHEMA,
                io.tributary.core.source.dialect.ChunkKey.primaryKeyOf(SCHEMA), 0), dialect::quoteIdentifier);
        KeyRangeQueries.Query query = new KeyRangeQueries(dialect).chunk(dialect.chunkSource(ORDERS, new SnapshotView<>("SCN 4711",
                new OracleSnapshotMarker(4711))), SCHEMA, layout, ChunkRange.of(Optional.of(new Object[] {1, 10}), Optional.empty()), Optional.empty());

        assertThat(query.sql()).isEqualTo("SELECT \"REGION\", \"ID\", \"NOTE\" FROM \"SALES\".\"ORDERS\" AS OF SCN 4711"
                + " WHERE \"REGION\" >= ? AND (\"REGION\" > ? OR \"REGION\" = ? AND \"ID\" >= ?) ORDER BY \"REGION\", \"ID\"");
        assertThat(new KeyRangeQueries(dialect).boundary(ORDERS, layout, Optional.empty(), 8096).sql())
                .endsWith(" ORDER BY \"REGION\", \"ID\" OFFSET 8096 ROWS FETCH NEXT 1 ROWS ONLY");
    }

    @Test
    void aTableWithoutAKeyIsReadByRowidRangeWithEachRowsRowidAppended() throws Exception {
        TableSchema keyless = new TableSchema(SCHEMA.columns(), List.of());
        io.tributary.core.source.dialect.CapturedTable table = new io.tributary.core.source.dialect.CapturedTable(ORDERS, keyless,
                io.tributary.core.source.dialect.ChunkKey.synthetic("ROWID"), 0);
        KeyLayout layout = dialect.keyLayout(null, table);
        TableSchema read = new TableSchema(List.of(SCHEMA.columns().get(0), SCHEMA.columns().get(1), SCHEMA.columns().get(2),
                new Column("ROWID", DataType.of(TypeKind.VARCHAR))), List.of());

        KeyRangeQueries.Query query = new KeyRangeQueries(dialect).chunk(dialect.chunkSource(ORDERS, new SnapshotView<>("SCN 9",
                new OracleSnapshotMarker(9))), read, layout, ChunkRange.of(Optional.of(new Object[] {"AAAR3sAAEAAAACXAAA"}),
                Optional.of(new Object[] {"AAAR3sAAEAAAAEAAAA"})), Optional.empty());

        assertThat(query.sql()).isEqualTo("SELECT \"REGION\", \"ID\", \"NOTE\", ROWIDTOCHAR(ROWID) FROM \"SALES\".\"ORDERS\" AS OF SCN 9"
                + " WHERE ROWID >= CHARTOROWID(?) AND ROWID < CHARTOROWID(?) ORDER BY ROWID");
        assertThat(dialect.chunkKeyOrder(keyless, table.chunkKey()).compare(new Object[] {"AAAR3sAAEAAAACXAAA"}, new Object[] {"AAAR3sAAEAAAAEAAAA"}))
                .isNegative();
    }

    @Test
    void aChunkAsOfScnHoldsExactlyTheChangesCommittedAtOrBeforeIt() {
        OracleSnapshotMarker view = new OracleSnapshotMarker(1000);

        assertThat(dialect.viewHoldsChange(view, StreamRecord.progress(new RedoPosition(990, 1000, 0, 1)))).isTrue();
        assertThat(dialect.viewHoldsChange(view, StreamRecord.progress(new RedoPosition(990, 1001, 0, 1)))).isFalse();
        assertThat(dialect.streamIsPast(RedoPosition.after(1000), view)).as("a stream starting after SCN 1000").isTrue();
        assertThat(dialect.streamIsPast(new RedoPosition(990, 1000, 3, 2), view)).isFalse();
        assertThat(dialect.readsChunksBesideTheStream()).as("not verified against a server here").isFalse();
    }

    @Test
    void theSourceIsFoundByItsTypeAndPassesDebeziumOptionsToTheLogReader() {
        SourceFactory factory = ServiceLoader.load(SourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.identifier().equals("oracle")).findFirst().orElseThrow();

        assertThat(factory.passThroughPrefixes()).contains("debezium.");
        assertThat(factory.inertPrefixes()).isEmpty();
        assertThatThrownBy(() -> factory.createSource(Configuration.fromMap(options(Map.of("debezium.snapshot.mode", "initial"))), null))
                .isInstanceOf(TributaryException.class).hasMessageContaining("'debezium.snapshot.mode' cannot be set on an oracle source");
    }

    @Test
    void theLogReaderReadsTheTablesTheOptionSelectsTheirContainerNameOrNot() {
        OracleSourceOptions options = OracleSourceOptions.from(Configuration.fromMap(options(Map.of("tables", "FREEPDB1.SALES.ORD\\.*,FREEPDB1.HR.EMP",
                "tables.exclude", "FREEPDB1.SALES.ORDERS_OLD"))));
        Properties properties = OracleEngineProperties.of(options, new OracleEngineProperties.Binding("o", "h", false, true));

        String include = properties.getProperty("table.include.list");
        assertThat(include.split(",")).hasSize(2);
        assertThat("SALES.ORDERS").matches(include.split(",")[0]);
        assertThat("FREEPDB1.SALES.ORDERS").matches(include.split(",")[0]);
        assertThat("SALES.ORDERSX").matches(include.split(",")[0]);
        assertThat("HR.EMP").matches(include.split(",")[1]).doesNotMatch(include.split(",")[0]);
        assertThat("SALES.ORDERS_OLD").matches(properties.getProperty("table.exclude.list"));
        assertThat(properties.getProperty("database.pdb.name")).isEqualTo("FREEPDB1");
    }

    private static Map<String, String> options(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("hostname", "db.example.com", "username", "c##cdc", "password", "secret", "database",
                "FREE", "tables", "FREEPDB1.SALES.\\.*"));
        options.putAll(extra);
        return options;
    }
}
