package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.spi.InertOption;
import io.tributary.core.spi.InertPrefix;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of Flink CDC's JDBC pipeline sources that a Tributary JDBC source accepts without
 * effect, because its design makes them moot or it lacks the feature: the ones every JDBC source
 * shares, and each source's own. Each is typed with Flink CDC's default, so its value is still
 * checked, and start-up logs why it has no effect.
 *
 * @param logReader what reads the source's log, e.g. {@code mysql-binlog-connector-java}, for the
 *     reason {@code debezium.*} keys have no effect
 * @param sourceOnly the source's own inert options
 * @param passesDebeziumOptions whether the source's log reader is Debezium's engine, which takes the
 *     {@code debezium.*} keys (then they are passed through, not inert)
 */
public record JdbcInertOptions(String logReader, Set<InertOption> sourceOnly, boolean passesDebeziumOptions) {
    public static final String DEBEZIUM_PREFIX = "debezium.";

    public static final ConfigOption<Integer> CONNECT_MAX_RETRIES = ConfigOptions.key("connect.max-retries").intType().defaultValue(3)
            .withDescription("Flink CDC's retries of a failed connection. Tributary fails the job instead, which the pipeline's restart "
                    + "strategy restarts with back-off.");
    public static final ConfigOption<Integer> CONNECTION_POOL_SIZE = ConfigOptions.key("connection.pool.size").intType().defaultValue(20)
            .withDescription("Flink CDC's connection pool size. Tributary keeps no pool.");
    public static final ConfigOption<Integer> CHUNK_META_GROUP_SIZE = ConfigOptions.key("chunk-meta.group.size").intType().defaultValue(1000)
            .withDescription("Flink CDC's group size of finished-chunk metadata sent to readers. Tributary sends none.");
    public static final ConfigOption<Boolean> CLOSE_IDLE_READER = ConfigOptions.key("scan.incremental.close-idle-reader.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Flink CDC: close readers left idle after the snapshot. Tributary's readers stay running.");
    public static final ConfigOption<Boolean> UNBOUNDED_CHUNK_FIRST = ConfigOptions.key("scan.incremental.snapshot.unbounded-chunk-first.enabled")
            .booleanType().defaultValue(false)
            .withDescription("Flink CDC: read the unbounded first and last chunks first, against out-of-memory errors. Tributary reads "
                    + "every chunk through a cursor.");
    public static final ConfigOption<Boolean> BACKFILL_SKIP = ConfigOptions.key("scan.incremental.snapshot.backfill.skip").booleanType()
            .noDefaultValue()
            .withDescription("Flink CDC: skip merging the log into each chunk. Tributary merges no log into chunks.");
    public static final ConfigOption<Boolean> NEWLY_ADDED_TABLE = ConfigOptions.key("scan.newly-added-table.enabled").booleanType()
            .defaultValue(false)
            .withDescription("Flink CDC: snapshot tables added to 'tables' when a pipeline restarts from a checkpoint. Not supported yet.");
    public static final ConfigOption<Boolean> SCHEMA_CHANGE_ENABLED = ConfigOptions.key("schema-change.enabled").booleanType().noDefaultValue()
            .withDescription("Flink CDC: whether the source sends schema changes. Tributary always sends them.");
    public static final ConfigOption<String> METADATA_LIST = ConfigOptions.key("metadata.list").stringType().noDefaultValue()
            .withDeprecatedKeys("metadata-column.include-list")
            .withDescription("Flink CDC: readable metadata (op_ts) for transform expressions. Not offered yet.");

    private static final Set<InertOption> SHARED = Set.of(
            new InertOption(CONNECT_MAX_RETRIES, "a failed connection fails the job, and the pipeline's restart strategy (restart-strategy.*; "
                    + "by default exponential back-off for about 15 minutes) starts it again from its last checkpoint."),
            new InertOption(CONNECTION_POOL_SIZE, "Tributary keeps no connection pool; each reader and the enumerator open the "
                    + "connection they need."),
            new InertOption(CHUNK_META_GROUP_SIZE, "readers are handed one chunk at a time and finished chunks stay in the enumerator's "
                    + "checkpointed state; no chunk metadata is sent to readers in groups."),
            new InertOption(CLOSE_IDLE_READER, "reader subtasks stay running after the snapshot (one of them reads the log), so "
                    + "checkpoints never wait for idle readers to close."),
            new InertOption(UNBOUNDED_CHUNK_FIRST, "every chunk, the unbounded first and last ones included, is read through a "
                    + "server-side cursor, so no chunk needs more memory than another."),
            new InertOption(BACKFILL_SKIP, "chunks are read under one consistent view of the database and no log is merged into "
                    + "them, so there is no backfill to skip."),
            new InertOption(NEWLY_ADDED_TABLE, "not supported yet: tables are discovered when a pipeline first starts; to capture a "
                    + "table added to 'tables' later, start the pipeline afresh (a new state directory)."),
            new InertOption(SCHEMA_CHANGE_ENABLED, "schema changes always flow to the sink, which needs them to write rows of the new "
                    + "shape."),
            new InertOption(METADATA_LIST, "readable metadata columns are not offered yet; a change's commit time is in the Kafka "
                    + "sink's source.ts_ms."));

    public JdbcInertOptions {
        requireNonNull(logReader, "logReader is null");
        sourceOnly = Set.copyOf(requireNonNull(sourceOnly, "sourceOnly is null"));
    }

    /** The inert options of a source whose log reader is its own, not Debezium's engine. */
    public JdbcInertOptions(String logReader, Set<InertOption> sourceOnly) {
        this(logReader, sourceOnly, false);
    }

    /** The inert options of the source: the shared ones and its own. */
    public Set<InertOption> all() {
        Set<InertOption> all = new HashSet<>(SHARED);
        all.addAll(sourceOnly);
        return Set.copyOf(all);
    }

    /** {@code debezium.*}: Flink CDC passes these to Debezium's engine, which a Tributary JDBC source does not run. */
    public Set<InertPrefix> prefixes() {
        if (passesDebeziumOptions) {
            return Set.of();
        }
        return Set.of(new InertPrefix(DEBEZIUM_PREFIX, "this source reads the log with " + logReader + ", not Debezium's engine, so "
                + "Debezium properties do not apply. Use the source's own options (see its README)."));
    }
}
