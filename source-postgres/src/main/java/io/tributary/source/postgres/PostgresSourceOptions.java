package io.tributary.source.postgres;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import io.tributary.core.spi.InertOption;
import io.tributary.source.jdbc.JdbcInertOptions;
import io.tributary.source.jdbc.JdbcSourceOptions;
import io.tributary.source.jdbc.OptionReader;
import io.tributary.source.jdbc.ThreePartTableFilter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The options of a {@code postgres} source block, with Flink CDC's names where Flink CDC has the
 * option, parsed and checked once. The descriptions feed {@code --help}, errors and the README.
 */
public final class PostgresSourceOptions extends JdbcSourceOptions {
    private static final long serialVersionUID = 1L;
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");
    private static final Pattern PUBLICATION_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    public static final ConfigOption<String> HOSTNAME = hostnameOption("Host name or IP address of the PostgreSQL server.");
    public static final ConfigOption<Integer> PORT = portOption(5432, "Port of the PostgreSQL server.");
    public static final ConfigOption<String> USERNAME = usernameOption("User to connect as. Needs SELECT on the captured tables and, when "
            + "streaming, the REPLICATION attribute.");
    public static final ConfigOption<String> TABLES = tablesOption("Tables to capture: comma-separated database.schema.table patterns. "
            + "Schema and table parts are regular "
                    + "expressions; write a regular-expression dot as \\. (appdb.public.\\.* is every table of appdb's public schema). "
                    + "All patterns must name the same database, which the source connects to.");
    public static final ConfigOption<String> SLOT_NAME_OPTION = ConfigOptions.key("slot.name").stringType().noDefaultValue()
            .withDescription("Logical replication slot the source reads changes from (lower-case letters, digits, underscore). "
                    + "Created if absent. Required unless scan.startup.mode is snapshot. Use one slot per pipeline.");
    public static final ConfigOption<String> DECODING_PLUGIN_NAME = ConfigOptions.key("decoding.plugin.name").stringType().defaultValue("pgoutput")
            .withDescription("Logical decoding output plugin. Only pgoutput (built into PostgreSQL 10+) is supported.");
    public static final ConfigOption<String> PUBLICATION_NAME_OPTION = ConfigOptions.key("publication.name").stringType().noDefaultValue()
            .withDescription("Publication pgoutput streams (letters, digits, underscore). Default: tributary_<slot.name>. Created if "
                    + "absent: on PostgreSQL 15+ (as a superuser) FOR TABLES IN SCHEMA the schemas 'tables' can match, so that tables "
                    + "created later are captured from their first row; otherwise FOR TABLE the captured tables. Missing captured tables "
                    + "are added to an existing one.");
    public static final ConfigOption<String> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode").stringType().defaultValue("initial")
            .withDescription("initial: snapshot the tables, then stream changes; latest-offset: stream changes from now on without "
                    + "a snapshot; snapshot: snapshot the tables and finish.");
    public static final ConfigOption<Integer> CHUNK_SIZE = chunkSizeOption("Rows per snapshot chunk (the unit of parallelism and of "
            + "restart). Dense integer keys are cut into even key ranges, other keys (text in its own collation) at boundaries sampled "
            + "along the primary-key index. Tables without a primary key (they need REPLICA IDENTITY FULL) are read as one chunk unless "
            + "scan.incremental.snapshot.chunk.key-column names a column to chunk them by.");
    public static final ConfigOption<Integer> FETCH_SIZE = fetchSizeOption(4096, "Rows fetched per round trip while reading a chunk "
            + "(server-side cursor); bounds reader memory.");
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = heartbeatIntervalOption("How often the stream reports its progress to "
            + "the server and runs heartbeat.action.query. Progress lets the slot release WAL even while the captured tables do not change.");
    public static final ConfigOption<String> HEARTBEAT_ACTION_QUERY = ConfigOptions.key("heartbeat.action.query").stringType().noDefaultValue()
            .withDescription("Optional SQL run in the captured database every heartbeat.interval, e.g. "
                    + "SELECT pg_logical_emit_message(false, 'tributary', 'heartbeat'), so that an otherwise idle server writes WAL "
                    + "and the slot's confirmed position keeps moving.");
    public static final ConfigOption<Boolean> SLOT_DROP_ON_STOP = ConfigOptions.key("slot.drop-on-stop").booleanType().defaultValue(false)
            .withDescription("Drop the replication slot when the runner releases the source for good (a finished or dropped "
                    + "pipeline). Leave false for pipelines that resume.");

    /** Flink CDC PostgreSQL options this source accepts without effect, and why; each logged at start-up when set. */
    static final JdbcInertOptions INERT = new JdbcInertOptions("pgjdbc's logical replication API (pgoutput)", Set.of(
            new InertOption(ConfigOptions.key("server-time-zone").stringType().noDefaultValue()
                    .withDescription("Flink CDC: the session time zone for converting TIMESTAMP values."),
                    "TIMESTAMP values are read as wall times and TIMESTAMPTZ values as instants, without a session time zone."),
            new InertOption(ConfigOptions.key("scan.lsn-commit.checkpoints-num-delay").intType().defaultValue(3)
                    .withDescription("Flink CDC: checkpoints to wait before confirming the slot's position."),
                    "the slot's position is confirmed once the checkpoint that covers it completes, and a restart resumes from the "
                            + "newest complete checkpoint, which never needs older WAL."),
            new InertOption(ConfigOptions.key("table-id.include-database").booleanType().defaultValue(false)
                    .withDescription("Flink CDC: whether table ids include the database."),
                    "Tributary's PostgreSQL table ids always include the database (appdb.public.orders); route source-table patterns "
                            + "match that form, and without a route a table keeps schema.table in the sink.")));

    static final Definitions DEFINITIONS = new Definitions(HOSTNAME, PORT, USERNAME, TABLES, CHUNK_SIZE, FETCH_SIZE, HEARTBEAT_INTERVAL,
            Set.of(SLOT_NAME_OPTION, DECODING_PLUGIN_NAME, PUBLICATION_NAME_OPTION, SCAN_STARTUP_MODE, HEARTBEAT_ACTION_QUERY, SLOT_DROP_ON_STOP));

    /** How errors in 'tables' name this source's tables. */
    public static final ThreePartTableFilter.Wording TABLE_WORDING = new ThreePartTableFilter.Wording("postgres", "database",
            "appdb.public.orders, appdb.sales.\\.*");

    private final ThreePartTableFilter tableFilter;
    private final String tablesExclude;
    private final String slotName;
    private final String publicationName;
    private final StartupMode startupMode;
    private final String heartbeatActionQuery;
    private final boolean slotDropOnStop;

    private PostgresSourceOptions(OptionReader reader) {
        super(reader, DEFINITIONS);
        Configuration config = reader.config();
        this.tableFilter = ThreePartTableFilter.parse(reader.required(TABLES), config.getOptional(TABLES_EXCLUDE), TABLE_WORDING);
        this.tablesExclude = config.getOptional(TABLES_EXCLUDE).filter(v -> !v.isBlank()).orElse(null);
        this.startupMode = parseStartupMode(reader.read(SCAN_STARTUP_MODE));
        String plugin = reader.read(DECODING_PLUGIN_NAME);
        if (!"pgoutput".equals(plugin)) {
            throw OptionReader.invalid(DECODING_PLUGIN_NAME, plugin, "only pgoutput is supported (it is built into PostgreSQL 10 and later)");
        }
        this.slotName = config.getOptional(SLOT_NAME_OPTION).orElse(null);
        if (slotName == null && startupMode.streams()) {
            throw new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "Option 'slot.name' is required when scan.startup.mode is "
                    + startupMode.optionValue() + ": name the replication slot this pipeline reads changes from, e.g. slot.name: orders_pipeline");
        }
        if (slotName != null && !SLOT_NAME.matcher(slotName).matches()) {
            throw OptionReader.invalid(SLOT_NAME_OPTION, slotName, "use 1 to 63 lower-case letters, digits or underscores");
        }
        this.publicationName = config.getOptional(PUBLICATION_NAME_OPTION).orElse(slotName == null ? null : "tributary_" + slotName);
        if (publicationName != null && !PUBLICATION_NAME.matcher(publicationName).matches()) {
            throw OptionReader.invalid(PUBLICATION_NAME_OPTION, publicationName, "use 1 to 63 letters, digits or underscores");
        }
        OptionReader.requirePositive(HEARTBEAT_INTERVAL, heartbeatInterval());
        this.heartbeatActionQuery = config.getOptional(HEARTBEAT_ACTION_QUERY).filter(q -> !q.isBlank()).orElse(null);
        this.slotDropOnStop = reader.read(SLOT_DROP_ON_STOP);
    }

    /** Parses and checks the options of a source block. */
    public static PostgresSourceOptions from(Configuration config) {
        return new PostgresSourceOptions(new OptionReader(requireNonNull(config, "config is null")));
    }

    /** The database named by the {@code tables} patterns. */
    public String database() {
        return tableFilter.database();
    }

    public ThreePartTableFilter tableFilter() {
        return tableFilter;
    }

    /** The {@code tables.exclude} option as written. */
    public Optional<String> tablesExcludeText() {
        return Optional.ofNullable(tablesExclude);
    }

    /** The slot; present whenever the startup mode streams. */
    public Optional<String> slotName() {
        return Optional.ofNullable(slotName);
    }

    public Optional<String> publicationName() {
        return Optional.ofNullable(publicationName);
    }

    @Override
    public StartupMode startupMode() {
        return startupMode;
    }

    public Optional<String> heartbeatActionQuery() {
        return Optional.ofNullable(heartbeatActionQuery);
    }

    public boolean slotDropOnStop() {
        return slotDropOnStop;
    }

    /** The slot name, failing with a clear message where streaming needs one. */
    String requireSlotName() {
        return slotName().orElseThrow(() -> new TributaryException(ErrorCode.CONFIG_MISSING_OPTION,
                "Option 'slot.name' is required to stream changes: name the replication slot, e.g. slot.name: orders_pipeline"));
    }

    String requirePublicationName() {
        requireSlotName();
        return publicationName;
    }

    private static StartupMode parseStartupMode(String value) {
        StartupMode mode;
        try {
            mode = StartupMode.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            throw OptionReader.invalid(SCAN_STARTUP_MODE, value, "valid values are initial, latest-offset and snapshot");
        }
        if (mode != StartupMode.INITIAL && mode != StartupMode.LATEST_OFFSET && mode != StartupMode.SNAPSHOT) {
            // A logical slot starts where it is created; it cannot be moved back to older WAL.
            throw OptionReader.invalid(SCAN_STARTUP_MODE, value, "the postgres source supports initial, latest-offset and snapshot");
        }
        return mode;
    }
}
