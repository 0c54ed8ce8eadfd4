package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.JdbcInertOptions;
import io.tributary.source.oracle.OracleSourceOptions;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of the Debezium engine that streams an Oracle source: Debezium's Oracle
 * connector reading LogMiner with its offsets and schema history owned by the source, the server
 * and heartbeat from the source's options, then the user's {@code debezium.*} keys. The keys of
 * {@link #OWNED_KEYS} decide where the stream starts, where its state lives and how its records
 * represent values ({@link #VALUE_PROPERTIES}), so a {@code debezium.*} key may not set them; {@link #ABANDON_KEYS} make the connector drop
 * long-running transactions, so they may only keep their default, 0.
 */
public final class OracleEngineProperties {
    /** The engine's name: the namespace of its offsets. */
    public static final String ENGINE_NAME = "tributary-oracle";
    /** The connector's logical server name: its one source partition and the {@code source.name} of its records. */
    public static final String TOPIC_PREFIX = "tributary";

    /** What Debezium writes for a LOB (or extended VARCHAR2) value an update did not change. */
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "__debezium_unavailable_value";

    /**
     * The connector properties that fix how change records represent values and which changes they
     * carry, so that {@link ChangeRecordDecoder} reads them as the snapshot reads the same values:
     * <ul>
     *   <li>{@code decimal.handling.mode=precise}: NUMBER and FLOAT as exact decimals (Connect's
     *       {@code Decimal}, Debezium's {@code VariableScaleDecimal} when the precision is not declared),
     *       or as integers when they hold fewer than 19 digits, never as doubles or text;</li>
     *   <li>{@code time.precision.mode=isostring}: DATE and TIMESTAMP(p) as ISO-8601 text to the
     *       nanosecond; the epoch-count modes round (connect) or overflow past 2262 (nanoseconds);</li>
     *   <li>{@code interval.handling.mode=string}: intervals as ISO-8601 text; the numeric mode counts
     *       months as 30.4375 days;</li>
     *   <li>{@code binary.handling.mode=bytes}: RAW and BLOB as bytes, not base64 or hex text;</li>
     *   <li>{@code lob.enabled=true}: CLOB, NCLOB and BLOB columns are captured (by default they are
     *       left out). Debezium then refuses {@code log.mining.strategy=hybrid} and deferred transaction
     *       starts;</li>
     *   <li>{@code unavailable.value.placeholder}: {@value #UNAVAILABLE_VALUE_PLACEHOLDER}, its default,
     *       which the decoder turns into an unchanged value;</li>
     *   <li>{@code skipped.operations=none}: by default Debezium drops TRUNCATE ({@code t}), which the
     *       source reports; skipping updates or deletes would lose changes;</li>
     *   <li>{@code tombstones.on.delete=false}: no empty record after each delete.</li>
     * </ul>
     */
    public static final Map<String, String> VALUE_PROPERTIES = valueProperties();

    /** Keys the source sets and a {@code debezium.*} key may not. */
    public static final Set<String> OWNED_KEYS = ownedKeys("name", "connector.class", "offset.storage", "offset.flush.interval.ms",
            OwnedOffsetBackingStore.HANDLE_PROPERTY, "schema.history.internal", OwnedSchemaHistory.HANDLE_PROPERTY, "topic.prefix",
            "snapshot.mode", "log.mining.buffer.type", "heartbeat.interval.ms", "database.hostname", "database.port", "database.user",
            "database.password", "database.dbname", "database.url", "database.pdb.name", "table.include.list", "table.exclude.list");

    private static Map<String, String> valueProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("decimal.handling.mode", "precise");
        properties.put("time.precision.mode", "isostring");
        properties.put("interval.handling.mode", "string");
        properties.put("binary.handling.mode", "bytes");
        properties.put("lob.enabled", "true");
        properties.put("unavailable.value.placeholder", UNAVAILABLE_VALUE_PLACEHOLDER);
        properties.put("skipped.operations", "none");
        properties.put("tombstones.on.delete", "false");
        return Collections.unmodifiableMap(properties);
    }

    private static Set<String> ownedKeys(String... keys) {
        Set<String> owned = new TreeSet<>(Arrays.asList(keys));
        owned.addAll(VALUE_PROPERTIES.keySet());
        return Collections.unmodifiableSet(owned);
    }

    /** Keys whose non-zero values abandon transactions, dropping their changes. */
    public static final Set<String> ABANDON_KEYS = Set.of("log.mining.transaction.retention.ms", "log.mining.buffer.transaction.events.threshold");

    /**
     * What ties one engine run to the source.
     *
     * @param offsetHandle the handle of the source's {@link StreamOffsets} in {@link OwnedOffsetBackingStore#OWNERS}
     * @param historyHandle the handle of the source's {@link SchemaHistoryRecords} in {@link OwnedSchemaHistory#OWNERS}
     * @param historyRecorded whether the schema history has records: false on the first start after a snapshot
     * @param pluggableDatabases whether the database is a container with pluggable ones (V$DATABASE.CDB)
     */
    public record Binding(String offsetHandle, String historyHandle, boolean historyRecorded, boolean pluggableDatabases) {
        public Binding {
            requireNonNull(offsetHandle, "offsetHandle is null");
            requireNonNull(historyHandle, "historyHandle is null");
        }
    }

    private OracleEngineProperties() {}

    /** The engine's properties for {@code options}, bound to the source's state by {@code binding}. */
    public static Properties of(OracleSourceOptions options, Binding binding) {
        requireNonNull(options, "options is null");
        requireNonNull(binding, "binding is null");
        checkUserProperties(options.debeziumProperties());
        Properties properties = new Properties();
        properties.setProperty("name", ENGINE_NAME);
        properties.setProperty("connector.class", "io.debezium.connector.oracle.OracleConnector");
        properties.setProperty("topic.prefix", TOPIC_PREFIX);
        properties.setProperty("offset.storage", OwnedOffsetBackingStore.class.getName());
        properties.setProperty(OwnedOffsetBackingStore.HANDLE_PROPERTY, binding.offsetHandle());
        properties.setProperty("offset.flush.interval.ms", "0");
        properties.setProperty("schema.history.internal", OwnedSchemaHistory.class.getName());
        properties.setProperty(OwnedSchemaHistory.HANDLE_PROPERTY, binding.historyHandle());
        properties.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        // The history is empty only on the first start after the snapshot: then capture the tables' structure (and no rows)
        // and keep the seeded offset; once it has records, start streaming at once.
        properties.setProperty("snapshot.mode", binding.historyRecorded() ? "no_data" : "recovery");
        // Infinispan and Ehcache are not on the class path; the memory buffer keeps every open transaction on the heap.
        properties.setProperty("log.mining.buffer.type", "memory");
        properties.setProperty("heartbeat.interval.ms", Long.toString(options.heartbeatInterval().toMillis()));
        properties.putAll(VALUE_PROPERTIES);
        setServer(properties, options, binding.pluggableDatabases());
        setTables(properties, options);
        properties.putAll(options.debeziumProperties());
        return properties;
    }

    private static void setServer(Properties properties, OracleSourceOptions options, boolean pluggableDatabases) {
        if (options.urlGiven()) {
            properties.setProperty("database.url", options.jdbcUrl());
        } else {
            properties.setProperty("database.hostname", options.hostname());
            properties.setProperty("database.port", Integer.toString(options.port()));
        }
        options.database().ifPresent(database -> properties.setProperty("database.dbname", database));
        properties.setProperty("database.user", options.username());
        options.password().ifPresent(password -> properties.setProperty("database.password", password));
        if (pluggableDatabases) {
            // LogMiner reports the container by its catalog name, in upper case.
            properties.setProperty("database.pdb.name", options.tablesDatabase().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The connector reads the tables 'tables' selects, those created while it streams included:
     * each pattern becomes one expression over {@code schema.table}, which may be prefixed by the
     * container's name as the connector writes table ids.
     */
    private static void setTables(Properties properties, OracleSourceOptions options) {
        properties.setProperty("table.include.list", tableList(options.tableFilter().schemaTableRegexes(false)));
        List<String> excluded = options.tableFilter().schemaTableRegexes(true);
        if (!excluded.isEmpty()) {
            properties.setProperty("table.exclude.list", tableList(excluded));
        }
    }

    private static String tableList(List<String> regexes) {
        for (String regex : regexes) {
            if (regex.contains(",")) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "The table pattern " + regex + " holds a comma, which the log reader's "
                        + "table list cannot carry. Write the pattern without a comma (e.g. a{1,3} as aa?a?, or list the tables).");
            }
        }
        return regexes.stream().map(regex -> "(?:[^.]+\\.)?" + regex).collect(java.util.stream.Collectors.joining(","));
    }

    private static void checkUserProperties(Map<String, String> debeziumProperties) {
        Set<String> owned = new TreeSet<>(debeziumProperties.keySet());
        owned.retainAll(OWNED_KEYS);
        if (!owned.isEmpty()) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option" + (owned.size() == 1 ? " " : "s ")
                    + String.join(", ", owned.stream().map(key -> "'" + JdbcInertOptions.DEBEZIUM_PREFIX + key + "'").toList())
                    + " cannot be set on an oracle source: Tributary sets " + (owned.size() == 1 ? "it" : "them") + " to start the log reader "
                    + "where the snapshot ends, keep its state in the pipeline's checkpoints and read values as the snapshot does "
                    + "(the server comes from hostname, port, "
                    + "database or url, username and password, the heartbeat from heartbeat.interval). Remove "
                    + (owned.size() == 1 ? "it." : "them."));
        }
        for (String key : new TreeSet<>(ABANDON_KEYS)) {
            String value = debeziumProperties.get(key);
            if (value != null && !isZero(value)) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + JdbcInertOptions.DEBEZIUM_PREFIX + key + "' is " + value
                        + ", which makes the log reader abandon long or large transactions and drop their changes. Tributary delivers "
                        + "every change exactly once, so remove the option (or set it to 0); give the job more memory for long "
                        + "transactions instead.");
            }
        }
    }

    private static boolean isZero(String value) {
        try {
            return Long.parseLong(value.trim()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
