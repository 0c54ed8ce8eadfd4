package io.tributary.source.oracle.stream;

import io.debezium.config.Configuration;
import io.debezium.connector.oracle.OracleConnection;
import io.debezium.connector.oracle.OracleConnectorConfig;
import io.debezium.connector.oracle.OracleSourceInfoStructMaker;
import io.debezium.connector.oracle.OracleValueConverters;
import io.debezium.connector.oracle.antlr.OracleDdlParser;
import io.debezium.data.Envelope;
import io.debezium.jdbc.JdbcConfiguration;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.Tables;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import oracle.sql.CharacterSet;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds change records as Debezium's Oracle connector does, with its own classes and no server:
 * the table from its DDL ({@link OracleDdlParser}, as the connector's schema history does), each
 * column's schema and value from {@link OracleValueConverters} configured with the source's
 * {@link OracleEngineProperties#VALUE_PROPERTIES} and given values as LogMiner's redo SQL writes them
 * ({@code '1.5'}, {@code TO_TIMESTAMP('...')}, {@code HEXTORAW('...')}), the {@code source} block from
 * {@link OracleSourceInfoStructMaker} and the envelope from {@link Envelope}.
 */
final class OracleChangeRecords {
    static final String PDB = "ORCLPDB1";
    static final String SCHEMA = "APP";
    static final long COMMIT_MILLIS = 1_700_000_000_123L;

    private static final OracleConnectorConfig CONFIG = connectorConfig();
    private static final OracleValueConverters CONVERTERS = new OracleValueConverters(CONFIG, new CharacterSetsOnly());
    private static final Schema SOURCE_SCHEMA = sourceSchema();

    private final Table table;
    private final Schema rowSchema;
    private final Envelope envelope;

    private OracleChangeRecords(Table table) {
        this.table = table;
        SchemaBuilder row = SchemaBuilder.struct().name("tributary." + SCHEMA + "." + table.id().table() + ".Value").optional();
        for (Column column : table.columns()) {
            SchemaBuilder field = CONVERTERS.schemaBuilder(column);
            if (column.isOptional()) {
                field.optional();
            }
            row.field(column.name(), field.build());
        }
        this.rowSchema = row.build();
        this.envelope = Envelope.defineSchema().withName("tributary." + SCHEMA + "." + table.id().table() + ".Envelope").withRecord(rowSchema)
                .withSource(SOURCE_SCHEMA).build();
    }

    /** The records of the table {@code createTable} creates in schema APP of PDB ORCLPDB1. */
    static OracleChangeRecords of(String createTable) {
        OracleDdlParser parser = new OracleDdlParser();
        parser.setCurrentDatabase(PDB);
        parser.setCurrentSchema(SCHEMA);
        Tables tables = new Tables();
        parser.parse(createTable, tables);
        return new OracleChangeRecords(tables.forTable(tables.tableIds().iterator().next()));
    }

    /** A row image of {@code logMinerValues}, in column order, as the connector's converters make it. */
    Struct row(Object... logMinerValues) {
        Struct row = new Struct(rowSchema);
        for (int i = 0; i < logMinerValues.length; i++) {
            Column column = table.columns().get(i);
            Field field = rowSchema.field(column.name());
            row.put(field, CONVERTERS.converter(column, field).convert(logMinerValues[i]));
        }
        return row;
    }

    /**
     * Where a record sits in the redo: its transaction, the SCN that transaction committed at, the
     * change's place in it, and the connector's low watermark after it.
     */
    record Tx(String id, long commitScn, long sequence, long lowWatermark, String rowId) {
        Tx(String id, long commitScn, long sequence, long lowWatermark) {
            this(id, commitScn, sequence, lowWatermark, null);
        }

        Map<String, Object> offset() {
            Map<String, Object> offset = new LinkedHashMap<>();
            offset.put("scn", Long.toString(lowWatermark));
            offset.put("commit_scn", commitScn + ":1:" + id);
            offset.put("txId", id);
            offset.put("txSeq", sequence);
            return offset;
        }
    }

    SourceRecord insert(Struct after, Tx tx) {
        return record(envelope.create(after, source(tx), Instant.now()), tx.offset());
    }

    SourceRecord update(Struct before, Struct after, Tx tx) {
        return record(envelope.update(before, after, source(tx), Instant.now()), tx.offset());
    }

    SourceRecord delete(Struct before, Tx tx) {
        return record(envelope.delete(before, source(tx), Instant.now()), tx.offset());
    }

    SourceRecord truncate(Tx tx) {
        return record(envelope.truncate(source(tx), Instant.now()), tx.offset());
    }

    /** A heartbeat: no change, only the connector's offset, whose low watermark and handled commits moved on. */
    static SourceRecord heartbeat(long lowWatermark, long handledCommitScn) {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("scn", Long.toString(lowWatermark));
        offset.put("commit_scn", handledCommitScn + ":1:");
        return new SourceRecord(Map.of("server", OracleEngineProperties.TOPIC_PREFIX), offset, "__debezium-heartbeat.tributary", null, null,
                null, schema, new Struct(schema).put("ts_ms", COMMIT_MILLIS));
    }

    SourceRecord insert(Struct after) {
        return record(envelope.create(after, source(), Instant.now()));
    }

    SourceRecord update(Struct before, Struct after) {
        return record(envelope.update(before, after, source(), Instant.now()));
    }

    SourceRecord delete(Struct before) {
        return record(envelope.delete(before, source(), Instant.now()));
    }

    SourceRecord truncate() {
        return record(envelope.truncate(source(), Instant.now()));
    }

    SourceRecord read(Struct after) {
        return record(envelope.read(after, source(), Instant.now()));
    }

    /** The engine's offset after each record here: what {@code OracleOffsetContext#getOffset} writes mid-transaction. */
    static Map<String, Object> offset() {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("scn", "1000040");
        offset.put("commit_scn", "1000050:1:0a001b00c3000000");
        offset.put("txId", "0a001b00c3000000");
        offset.put("txSeq", 3L);
        return offset;
    }

    private SourceRecord record(Struct value) {
        return record(value, offset());
    }

    private SourceRecord record(Struct value, Map<String, Object> offset) {
        return new SourceRecord(Map.of("server", OracleEngineProperties.TOPIC_PREFIX), offset, "tributary." + SCHEMA + "." + table.id().table(),
                null, null, null, envelope.schema(), value);
    }

    private Struct source(Tx tx) {
        return source().put("txId", tx.id()).put("scn", Long.toString(tx.commitScn() - 1)).put("commit_scn", Long.toString(tx.commitScn()))
                .put("txSeq", tx.sequence()).put("row_id", tx.rowId());
    }

    private Struct source() {
        return new Struct(SOURCE_SCHEMA).put("version", "3.6.1.Final").put("connector", "oracle").put("name", OracleEngineProperties.TOPIC_PREFIX)
                .put("ts_ms", COMMIT_MILLIS - 20).put("snapshot", "false").put("db", PDB).put("schema", SCHEMA).put("table", table.id().table())
                .put("txId", "0a001b00c3000000").put("scn", "1000045").put("commit_scn", "1000050").put("commit_ts_ms", COMMIT_MILLIS)
                .put("txSeq", 3L);
    }

    private static OracleConnectorConfig connectorConfig() {
        Configuration.Builder config = Configuration.create().with("topic.prefix", OracleEngineProperties.TOPIC_PREFIX)
                .with("database.dbname", "ORCLCDB").with("database.pdb.name", PDB);
        OracleEngineProperties.VALUE_PROPERTIES.forEach((key, value) -> config.with(key, value));
        return new OracleConnectorConfig(config.build());
    }

    private static Schema sourceSchema() {
        OracleSourceInfoStructMaker maker = new OracleSourceInfoStructMaker();
        maker.init("oracle", "3.6.1.Final", CONFIG);
        return maker.schema();
    }

    /**
     * A connection that only knows the database's character sets, which the converters ask for when they
     * are made (to decode {@code HEXTORAW} text of NCHAR columns); it never connects.
     */
    private static final class CharacterSetsOnly extends OracleConnection {
        CharacterSetsOnly() {
            super(JdbcConfiguration.adapt(Configuration.empty()), config -> {
                throw new SQLException("the test's connection has no server");
            }, false);
        }

        @Override
        public CharacterSet getNationalCharacterSet() {
            return CharacterSet.make(CharacterSet.AL16UTF16_CHARSET);
        }

        @Override
        public CharacterSet getDatabaseCharacterSet() {
            return CharacterSet.make(CharacterSet.AL32UTF8_CHARSET);
        }
    }
}
