package io.tributary.source.oracle;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import io.tributary.source.jdbc.JdbcInertOptions;
import io.tributary.source.jdbc.JdbcSourceOptions;
import io.tributary.source.jdbc.OptionReader;
import io.tributary.source.jdbc.ThreePartTableFilter;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The options of an {@code oracle} source block, with Flink CDC 3.x's names where they exist,
 * parsed and checked once. The server is named either by {@code hostname}, {@code port} and
 * {@code database} (the service the source connects to: the container database's, or the
 * database's where there are no pluggable ones) or by a whole {@code url}. Tables are
 * {@code pdb.schema.table} patterns; the first part is the pluggable database the tables live in,
 * or the database itself where there are none. Keys under {@code debezium.} are kept, prefix
 * removed, for the log reader.
 */
public final class OracleSourceOptions extends JdbcSourceOptions {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> HOSTNAME = hostnameOption("Host name or IP address of the Oracle server (or give url).");
    public static final ConfigOption<Integer> PORT = portOption(1521, "Port of the server's listener.");
    public static final ConfigOption<String> USERNAME = usernameOption("User to connect as: a common user such as c##cdc in a container "
            + "database. Needs CREATE SESSION, SELECT on the captured tables and FLASHBACK on them (or FLASHBACK ANY TABLE), SELECT ANY "
            + "DICTIONARY for tables without a primary key (their extents), and to stream LOGMINING, SELECT ANY TRANSACTION, CREATE TABLE "
            + "and SELECT on the V_$ views LogMiner reads; tributary validate lists the GRANTs missing.");
    public static final ConfigOption<String> DATABASE = ConfigOptions.key("database").stringType().noDefaultValue()
            .withDescription("Service name the source connects to: the container database's (e.g. ORCLCDB), LogMiner runs there, or the "
                    + "database's where it has no pluggable databases. Not needed with url.");
    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("A whole JDBC URL instead of hostname, port and database, e.g. jdbc:oracle:thin:@//db.example.com:1521/ORCLCDB "
                    + "or a jdbc:oracle:thin:@(DESCRIPTION=...) descriptor.");
    public static final ConfigOption<String> TABLES = tablesOption("Tables to capture: comma-separated pdb.schema.table patterns, the first "
            + "part the pluggable database (or the database, where there are none) as a plain name, schema and table regular expressions "
            + "matching the whole, upper-case name as the catalog stores it; write a regular-expression dot as \\. (ORCLPDB1.INVENTORY.\\.* "
            + "is every table of schema INVENTORY).");
    public static final ConfigOption<String> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode").stringType().defaultValue("initial")
            .withDescription("initial: snapshot the tables as of one SCN, then stream the redo log from that SCN, without gap or "
                    + "duplicate. latest-offset: stream changes from now on. specific-offset: stream from scan.startup.specific-offset.scn. "
                    + "timestamp: stream changes committed at or after scan.startup.timestamp-millis. snapshot: snapshot the tables and finish.");
    public static final ConfigOption<Long> SPECIFIC_OFFSET_SCN = ConfigOptions.key("scan.startup.specific-offset.scn").longType()
            .noDefaultValue().withDescription("SCN to stream from in specific-offset mode; changes committed after it are read (SELECT "
                    + "CURRENT_SCN FROM V$DATABASE shows the current one). The redo or archive logs holding it must still be available.");
    public static final ConfigOption<Long> TIMESTAMP_MILLIS = ConfigOptions.key("scan.startup.timestamp-millis").longType().noDefaultValue()
            .withDescription("In timestamp mode, stream transactions committed at or after this time (milliseconds since the epoch); the "
                    + "logs of that time must still be available.");
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = heartbeatIntervalOption("How often the log reader reports its "
            + "position while the captured tables do not change, so that the logs behind it may be deleted and an idle source shows "
            + "no lag.");
    public static final ConfigOption<Integer> CHUNK_SIZE = chunkSizeOption("Rows per snapshot chunk (the unit of parallelism and of "
            + "restart). Tables are cut by primary key, at boundaries sampled along its index; tables without one are cut into ROWID "
            + "ranges of whole blocks, unless scan.incremental.snapshot.chunk.key-column names a column to chunk them by.");
    public static final ConfigOption<Integer> FETCH_SIZE = fetchSizeOption(1024, "Rows fetched per round trip while reading a chunk; "
            + "bounds reader memory.");

    /** How errors in 'tables' name this source's tables. */
    public static final ThreePartTableFilter.Wording TABLE_WORDING = new ThreePartTableFilter.Wording("oracle", "pluggable database",
            "ORCLPDB1.INVENTORY.ORDERS, ORCLPDB1.SALES.\\.*");

    static final Definitions DEFINITIONS = new Definitions(HOSTNAME, PORT, USERNAME, TABLES, CHUNK_SIZE, FETCH_SIZE, HEARTBEAT_INTERVAL,
            Set.of(DATABASE, URL, SCAN_STARTUP_MODE, SPECIFIC_OFFSET_SCN, TIMESTAMP_MILLIS));

    /** {@code @//host:port/service} and {@code @host:port:sid} (or {@code /service}); a descriptor or a TNS alias names no host here. */
    private static final Pattern URL_HOST = Pattern.compile("jdbc:oracle:thin:@(?://)?(\\[[^\\]]+\\]|[^:/(\\s]+)(?::(\\d+))?(?:[/:]([^?\\s]+))?.*",
            Pattern.CASE_INSENSITIVE);

    private final String database;
    private final String url;
    private final ThreePartTableFilter tableFilter;
    private final StartupMode startupMode;
    private final Long specificScn;
    private final Long timestampMillis;
    private final TreeMap<String, String> debeziumProperties;

    private OracleSourceOptions(OptionReader reader) {
        super(reader, DEFINITIONS);
        Configuration config = reader.config();
        this.url = config.getOptional(URL).filter(v -> !v.isBlank()).map(String::trim).orElse(null);
        this.database = url == null ? reader.required(DATABASE).trim() : config.getOptional(DATABASE).map(String::trim).orElse(null);
        this.tableFilter = ThreePartTableFilter.parse(reader.required(TABLES), config.getOptional(TABLES_EXCLUDE), TABLE_WORDING);
        this.startupMode = parseStartupMode(reader.read(SCAN_STARTUP_MODE));
        this.specificScn = startupMode == StartupMode.SPECIFIC_OFFSET ? requiredFor(SPECIFIC_OFFSET_SCN, "specific-offset", config) : null;
        if (specificScn != null && specificScn < 0) {
            throw OptionReader.invalid(SPECIFIC_OFFSET_SCN, String.valueOf(specificScn), "an SCN is 0 or more");
        }
        this.timestampMillis = startupMode == StartupMode.TIMESTAMP ? requiredFor(TIMESTAMP_MILLIS, "timestamp", config) : null;
        if (heartbeatInterval().toMillis() < 100) {
            throw OptionReader.invalid(HEARTBEAT_INTERVAL, heartbeatInterval().toString(), "it must be at least 100ms, such as 30s");
        }
        this.debeziumProperties = new TreeMap<>(reader.withPrefix(JdbcInertOptions.DEBEZIUM_PREFIX));
    }

    /**
     * Parses and checks the options of a source block. With {@code url} and no {@code hostname},
     * the host (and port) are taken from the URL where it names them, for messages.
     */
    public static OracleSourceOptions from(Configuration config) {
        requireNonNull(config, "config is null");
        Configuration effective = new Configuration(config);
        Optional<String> url = config.getOptional(URL).filter(v -> !v.isBlank()).map(String::trim);
        if (url.isPresent()) {
            if (!url.get().regionMatches(true, 0, "jdbc:oracle:", 0, "jdbc:oracle:".length())) {
                throw OptionReader.invalid(URL, url.get(), "an Oracle JDBC URL starts with jdbc:oracle:thin:@, e.g. "
                        + "jdbc:oracle:thin:@//db.example.com:1521/ORCLCDB");
            }
            if (config.getOptional(HOSTNAME).filter(v -> !v.isBlank()).isEmpty()) {
                Matcher matcher = URL_HOST.matcher(url.get());
                boolean namesHost = matcher.matches() && !matcher.group(1).startsWith("(");
                effective.set(HOSTNAME, namesHost ? matcher.group(1) : url.get());
                if (namesHost && matcher.group(2) != null && !config.containsKey(PORT.key())) {
                    effective.set(PORT, Integer.parseInt(matcher.group(2)));
                }
            }
        }
        return new OracleSourceOptions(new OptionReader(effective));
    }

    /** The service name connected to; empty when a url names the server. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** The JDBC URL: {@code url} as written, or one built from hostname, port and database. */
    public String jdbcUrl() {
        if (url != null) {
            return url;
        }
        String host = hostname().contains(":") && !hostname().startsWith("[") ? "[" + hostname() + "]" : hostname();
        return "jdbc:oracle:thin:@//" + host + ":" + port() + "/" + database;
    }

    /** Whether the server is named by a whole url. */
    public boolean urlGiven() {
        return url != null;
    }

    public ThreePartTableFilter tableFilter() {
        return tableFilter;
    }

    /** The pluggable database (or, without one, the database) the captured tables live in. */
    public String tablesDatabase() {
        return tableFilter.database();
    }

    @Override
    public StartupMode startupMode() {
        return startupMode;
    }

    /** The SCN specific-offset mode streams after. */
    public Optional<Long> specificScn() {
        return Optional.ofNullable(specificScn);
    }

    /** The start time of timestamp mode, in milliseconds since the epoch. */
    public Optional<Long> timestampMillis() {
        return Optional.ofNullable(timestampMillis);
    }

    /** The {@code debezium.*} keys without their prefix, sorted, for the log reader. */
    public Map<String, String> debeziumProperties() {
        return Collections.unmodifiableMap(debeziumProperties);
    }

    private static Long requiredFor(ConfigOption<Long> option, String mode, Configuration config) {
        return OptionReader.parse(option, () -> config.getOptional(option)).orElseThrow(() -> new TributaryException(
                ErrorCode.CONFIG_MISSING_OPTION, "Option '" + option.key() + "' is required when scan.startup.mode is " + mode + ": "
                        + OptionReader.describe(option)));
    }

    private static StartupMode parseStartupMode(String value) {
        StartupMode mode;
        try {
            mode = StartupMode.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            throw OptionReader.invalid(SCAN_STARTUP_MODE, value, "valid values are initial, latest-offset, specific-offset, timestamp and "
                    + "snapshot");
        }
        if (mode == StartupMode.EARLIEST_OFFSET) {
            throw OptionReader.invalid(SCAN_STARTUP_MODE, value, "an Oracle database keeps no log from its beginning, so there is no "
                    + "earliest change to stream from; use initial to copy the tables first, or specific-offset with an SCN whose logs are "
                    + "still available (SELECT MIN(FIRST_CHANGE#) FROM V$ARCHIVED_LOG WHERE DELETED = 'NO')");
        }
        return mode;
    }
}
