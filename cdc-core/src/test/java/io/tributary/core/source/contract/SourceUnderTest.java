package io.tributary.core.source.contract;

import io.tributary.core.model.TableId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of the source contract each source implements: a storage's own way to create a
 * namespace (a database, a schema), create and change the tables {@link TableSpec} describes,
 * write and read rows, and name its pipeline options. Rows are maps from column name to value;
 * values of the neutral kinds are {@link Integer} and {@link String}.
 */
public interface SourceUnderTest {
    /** The {@code type} of the pipeline's {@code source} block. */
    String type();

    /** Creates an empty namespace that only one test uses. */
    void createNamespace(String namespace);

    /** Releases what pipelines left behind in the namespace (replication slots and the like); called after each test. */
    void dropNamespace(String namespace);

    void createTable(String namespace, TableSpec table);

    /** Inserts rows in one transaction. */
    void insert(String namespace, TableSpec table, List<Map<String, Object>> rows);

    /** Sets {@code values} in the row with key {@code key}. */
    void update(String namespace, TableSpec table, Map<String, Object> key, Map<String, Object> values);

    void delete(String namespace, TableSpec table, Map<String, Object> key);

    /** Adds a nullable column at the end of the table, without a default. */
    void addColumn(String namespace, TableSpec table, TableSpec.ColumnSpec column);

    /** Every row of the table with every column it has now (also added ones), read directly from the storage. */
    List<Map<String, Object>> readTable(String namespace, TableSpec table);

    /** How the source names the table in the events it emits (before the pipeline routes them to a sink table). */
    TableId tableId(String namespace, String table);

    /**
     * The source block's options for capturing {@code tables} of the namespace: connection,
     * {@code tables} and whatever a pipeline of this source needs (a slot name, a server id), but
     * neither the startup mode nor the chunk size, which the suite sets under their Flink CDC names.
     */
    Map<String, String> sourceOptions(String namespace, List<String> tables);

    /** Column types the source maps, with values to try in each, edge values and NULL included. */
    List<TypeSample> typeSamples();

    /**
     * Creates a table keyed by an integer {@code id}, with an integer {@code touch} column and one
     * column {@code c<i>} of each sample's type.
     */
    void createTypedTable(String namespace, String table, List<TypeSample> samples);

    /** Inserts a row into a typed table: {@code values.get(i)} into {@code c<i>} as a literal, {@code touch} 0. */
    void insertTyped(String namespace, String table, int id, List<String> values);

    /** Adds one to {@code touch} of every row, leaving the typed columns as they are. */
    void touchTyped(String namespace, String table);

    /**
     * Options that start streaming ({@code scan.startup.mode: specific-offset}) at the log's
     * current end, when the source supports that mode.
     */
    default Optional<Map<String, String>> specificOffsetAtCurrentEnd() {
        return Optional.empty();
    }

    /**
     * A row the pipeline delivered, as the table's columns {@link #readTable} returns: the row
     * itself for a source whose tables have these columns; a document source whose rows are an id
     * and a whole document gives the document's fields, its id under the key column's name.
     */
    default Map<String, Object> rowAsWritten(TableSpec table, Map<String, Object> deliveredRow) {
        return deliveredRow;
    }

    /** Committed encodings of the source's position and snapshot-marker serializers. */
    List<SerializerFixture<?>> serializerFixtures();
}
