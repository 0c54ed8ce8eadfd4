package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import io.tributary.core.spi.InertOption;
import io.tributary.source.mysql.binlog.BinlogTls;
import io.tributary.source.jdbc.JdbcInertOptions;
import io.tributary.source.jdbc.JdbcSourceOptions;
import io.tributary.source.jdbc.OptionReader;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The options of a {@code mysql} source block (MySQL and MariaDB), with Flink CDC 3.x's names,
 * parsed and checked once. The descriptions feed {@code --help}, errors and the README.
 */
public final class MySqlSourceOptions extends JdbcSourceOptions {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> HOSTNAME = hostnameOption("Host name or IP address of the MySQL or MariaDB server.");
    public static final ConfigOption<Integer> PORT = portOption(3306, "Port of the server.");
    public static final ConfigOption<String> USERNAME = usernameOption("User to connect as. Needs SELECT on the captured tables (and, to "
            + "stream, REPLICATION SLAVE and REPLICATION CLIENT).");
    public static final ConfigOption<String> TABLES = tablesOption("Tables to capture: comma-separated database.table patterns. Both parts "
            + "are regular expressions; write a regular-expression dot as \\. (shop.\\.* is every table of database shop).");
    public static final ConfigOption<String> SERVER_ID = ConfigOptions.key("server-id").stringType().noDefaultValue()
            .withDescription("Replica server id the binlog reader uses, or a range such as 5400-5404 (one id per parallel reader). "
                    + "Must differ from every other replica of the server. Default: a random id in 5400-6400.");
    public static final ConfigOption<String> SERVER_TIME_ZONE = ConfigOptions.key("server-time-zone").stringType().noDefaultValue()
            .withDescription("Time zone of the server (e.g. UTC or Europe/Berlin). TIMESTAMP columns are read as instants in "
                    + "UTC whatever this is; the option is checked and kept for Flink CDC compatibility.");
    public static final ConfigOption<String> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode").stringType().defaultValue("initial")
            .withDescription("initial: snapshot the tables, then stream the binlog from where the snapshot began, without gap or "
                    + "duplicate. latest-offset: stream changes from now on. earliest-offset: stream from the oldest binlog file the server "
                    + "still has. specific-offset: stream from scan.startup.specific-offset.file/.pos or .gtid-set. timestamp: stream "
                    + "changes committed at or after scan.startup.timestamp-millis. snapshot: snapshot the tables and finish.");
    public static final ConfigOption<String> SPECIFIC_OFFSET_FILE = ConfigOptions.key("scan.startup.specific-offset.file").stringType()
            .noDefaultValue().withDescription("Binlog file to start from in specific-offset mode (e.g. mysql-bin.000003); with .pos.");
    public static final ConfigOption<Long> SPECIFIC_OFFSET_POS = ConfigOptions.key("scan.startup.specific-offset.pos").longType()
            .noDefaultValue().withDescription("Offset in scan.startup.specific-offset.file to start from; the start of a transaction "
                    + "(an offset SHOW MASTER STATUS or SHOW BINLOG EVENTS reports).");
    public static final ConfigOption<String> SPECIFIC_OFFSET_GTID_SET = ConfigOptions.key("scan.startup.specific-offset.gtid-set").stringType()
            .noDefaultValue().withDescription("GTID set already processed, to start after it in specific-offset mode: MySQL "
                    + "uuid:1-100, MariaDB domain-server-seq (e.g. 0-1-100). Takes precedence over .file/.pos.");
    public static final ConfigOption<Long> TIMESTAMP_MILLIS = ConfigOptions.key("scan.startup.timestamp-millis").longType().noDefaultValue()
            .withDescription("In timestamp mode, stream transactions committed at or after this time (milliseconds since the epoch), "
                    + "searching from the oldest binlog file the server still has.");
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = heartbeatIntervalOption("How often the server sends a heartbeat on an "
            + "idle binlog connection, so a dead connection is noticed and the reader reconnects.");
    public static final ConfigOption<Integer> CHUNK_SIZE = chunkSizeOption("Rows per snapshot chunk (the unit of parallelism and of "
            + "restart). Dense integer keys are cut into even key ranges, other keys at boundaries sampled along the primary-key index, so "
            + "text keys follow the column's collation. Tables without a primary key are read as one chunk unless "
            + "scan.incremental.snapshot.chunk.key-column names a column to chunk them by.");
    public static final ConfigOption<Integer> FETCH_SIZE = fetchSizeOption(1024, "Rows fetched per round trip while reading a chunk "
            + "(streamed result set); bounds reader memory.");
    public static final ConfigOption<Boolean> TINYINT1_AS_BOOLEAN = ConfigOptions.key("treat-tinyint1-as-boolean.enabled").booleanType()
            .defaultValue(true)
            .withDescription("Read TINYINT(1) columns as BOOLEAN (as MySQL's own BOOLEAN is one), as Flink CDC does; false reads them as "
                    + "SMALLINT numbers.");

    /** Flink CDC MySQL options this source accepts without effect, and why; each logged at start-up when set. */
    static final JdbcInertOptions INERT = new JdbcInertOptions("mysql-binlog-connector-java", Set.of(
            new InertOption(ConfigOptions.key("scan.binlog.newly-added-table.enabled").booleanType().defaultValue(false)
                    .withDescription("Flink CDC: capture tables created while reading the binlog."),
                    "tables created (or renamed into 'tables') while streaming are always captured from their first row."),
            new InertOption(ConfigOptions.key("scan.parse.online.schema.changes.enabled").booleanType().defaultValue(false)
                    .withDescription("Flink CDC: follow gh-ost and pt-osc shadow tables."),
                    "not supported yet: the shadow tables of gh-ost and pt-osc are not followed; the renamed table's new definition is "
                            + "taken from the server when the tool swaps it in."),
            new InertOption(ConfigOptions.key("include-comments.enabled").booleanType().defaultValue(false)
                    .withDescription("Flink CDC: send table and column comments."),
                    "Tributary's schemas carry no comments."),
            new InertOption(ConfigOptions.key("use.legacy.json.format").booleanType().defaultValue(true)
                    .withDescription("Flink CDC: JSON values from the binlog without whitespace."),
                    "JSON values from MySQL's binlog are always written compactly, as Flink CDC's default (true) does."),
            new InertOption(ConfigOptions.key("scan.startup.specific-offset.skip-events").longType().noDefaultValue()
                    .withDescription("Flink CDC: events to skip after the specific offset."),
                    "a specific offset is the start of a transaction, from which every event is read; to start later, give a later "
                            + "transaction's position or GTID set."),
            new InertOption(ConfigOptions.key("scan.startup.specific-offset.skip-rows").longType().noDefaultValue()
                    .withDescription("Flink CDC: rows to skip after the specific offset."),
                    "a specific offset is the start of a transaction, from which every row is read; to start later, give a later "
                            + "transaction's position or GTID set.")));

    private static final int DEFAULT_SERVER_ID_LOW = 5400;
    static final Definitions DEFINITIONS = new Definitions(HOSTNAME, PORT, USERNAME, TABLES, CHUNK_SIZE, FETCH_SIZE, HEARTBEAT_INTERVAL,
            Set.of(SERVER_ID, SERVER_TIME_ZONE, SCAN_STARTUP_MODE, SPECIFIC_OFFSET_FILE, SPECIFIC_OFFSET_POS, SPECIFIC_OFFSET_GTID_SET,
                    TIMESTAMP_MILLIS, TINYINT1_AS_BOOLEAN));

    private final MySqlTableFilter tableFilter;
    private final ServerIdRange serverIds;
    private final String serverTimeZone;
    private final StartupMode startupMode;
    // The specific-offset start as plain fields: the options travel in the job graph, and
    // BinlogPosition holds an Optional, which Java serialization cannot write.
    private final String specificFile;
    private final long specificPosition;
    private final String specificGtids;
    private final Long timestampMillis;
    private final boolean tinyint1AsBoolean;

    private MySqlSourceOptions(OptionReader reader) {
        super(reader, DEFINITIONS);
        if (port() < 1 || port() > 65535) {
            throw OptionReader.invalid(PORT, String.valueOf(port()), "a TCP port is between 1 and 65535");
        }
        Configuration config = reader.config();
        this.tableFilter = parseFilter(reader.required(TABLES), config.getOptional(TABLES_EXCLUDE));
        this.serverIds = config.getOptional(SERVER_ID).map(MySqlSourceOptions::parseServerIds)
                .orElseGet(() -> ServerIdRange.single(DEFAULT_SERVER_ID_LOW + new java.util.Random().nextInt(1000)));
        this.serverTimeZone = config.getOptional(SERVER_TIME_ZONE).map(MySqlSourceOptions::checkZone).orElse(null);
        this.startupMode = parseStartupMode(reader.read(SCAN_STARTUP_MODE));
        if (heartbeatInterval().toMillis() < 100) {
            throw OptionReader.invalid(HEARTBEAT_INTERVAL, heartbeatInterval().toString(), "it must be at least 100ms, such as 30s");
        }
        BinlogPosition specific = startupMode == StartupMode.SPECIFIC_OFFSET ? parseSpecificOffset(config) : null;
        this.specificFile = specific == null ? null : specific.file();
        this.specificPosition = specific == null ? 0 : specific.position();
        this.specificGtids = specific == null ? null : specific.gtidSet().orElse(null);
        this.timestampMillis = startupMode == StartupMode.TIMESTAMP ? config.getOptional(TIMESTAMP_MILLIS).orElseThrow(() ->
                new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "Option 'scan.startup.timestamp-millis' is required when "
                        + "scan.startup.mode is timestamp: " + OptionReader.describe(TIMESTAMP_MILLIS))) : null;
        this.tinyint1AsBoolean = reader.read(TINYINT1_AS_BOOLEAN);
        // The binlog connection follows the snapshot connections' TLS settings; refuse now what it cannot follow.
        BinlogTls.from(hostname(), port(), jdbcProperties());
    }

    private static BinlogPosition parseSpecificOffset(Configuration config) {
        Optional<String> gtids = config.getOptional(SPECIFIC_OFFSET_GTID_SET).filter(g -> !g.isBlank()).map(String::trim);
        Optional<String> file = config.getOptional(SPECIFIC_OFFSET_FILE).filter(f -> !f.isBlank()).map(String::trim);
        Optional<Long> pos = OptionReader.parse(SPECIFIC_OFFSET_POS, () -> config.getOptional(SPECIFIC_OFFSET_POS));
        if (gtids.isEmpty() && (file.isEmpty() || pos.isEmpty())) {
            throw new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "scan.startup.mode: specific-offset needs either "
                    + "scan.startup.specific-offset.gtid-set, or both scan.startup.specific-offset.file and scan.startup.specific-offset.pos "
                    + "(e.g. file: mysql-bin.000003, pos: 4). SHOW MASTER STATUS on the server shows the current ones.");
        }
        if (pos.isPresent() && pos.get() < 4) {
            throw OptionReader.invalid(SPECIFIC_OFFSET_POS, String.valueOf(pos.get()), "binlog events start at offset 4");
        }
        // With only a GTID set, the reader asks the server where that set ends; the file is a placeholder.
        return new BinlogPosition(file.orElse("(from GTID set)"), pos.orElse(4L), gtids);
    }

    /** Parses and checks the options of a source block. */
    public static MySqlSourceOptions from(Configuration config) {
        return new MySqlSourceOptions(new OptionReader(requireNonNull(config, "config is null")));
    }

    public MySqlTableFilter tableFilter() {
        return tableFilter;
    }

    public ServerIdRange serverIds() {
        return serverIds;
    }

    public Optional<ZoneId> serverTimeZone() {
        return Optional.ofNullable(serverTimeZone).map(ZoneId::of);
    }

    @Override
    public StartupMode startupMode() {
        return startupMode;
    }

    /** The start position of specific-offset mode (the file is a placeholder when only a GTID set was given). */
    public Optional<BinlogPosition> specificOffset() {
        return Optional.ofNullable(specificFile).map(file -> new BinlogPosition(file, specificPosition, Optional.ofNullable(specificGtids)));
    }

    /** The start time of timestamp mode, in milliseconds since the epoch. */
    public Optional<Long> timestampMillis() {
        return Optional.ofNullable(timestampMillis);
    }

    /** Whether TINYINT(1) columns are BOOLEAN (else SMALLINT). */
    public boolean tinyint1AsBoolean() {
        return tinyint1AsBoolean;
    }

    /** An inclusive range of replica server ids, one per parallel binlog reader. */
    public record ServerIdRange(long first, long last) implements Serializable {
        public ServerIdRange {
            if (first < 1 || last > 4294967295L || first > last) {
                throw new IllegalArgumentException("server ids run from 1 to 4294967295 and the range must not be empty");
            }
        }

        public static ServerIdRange single(long id) {
            return new ServerIdRange(id, id);
        }

        public long size() {
            return last - first + 1;
        }
    }

    private static ServerIdRange parseServerIds(String text) {
        String value = text.trim();
        try {
            int dash = value.indexOf('-');
            return dash < 0 ? ServerIdRange.single(Long.parseLong(value))
                    : new ServerIdRange(Long.parseLong(value.substring(0, dash).trim()), Long.parseLong(value.substring(dash + 1).trim()));
        } catch (IllegalArgumentException e) {
            throw OptionReader.invalid(SERVER_ID, text, "write one id such as 5400 or a range such as 5400-5404 (ids from 1 to 4294967295)");
        }
    }

    private static String checkZone(String zone) {
        try {
            ZoneId.of(zone.trim());
            return zone.trim();
        } catch (DateTimeException e) {
            throw OptionReader.invalid(SERVER_TIME_ZONE, zone, "not a time zone id; use e.g. UTC, +02:00 or Europe/Berlin");
        }
    }

    private static MySqlTableFilter parseFilter(String tables, Optional<String> exclude) {
        try {
            return MySqlTableFilter.parse(tables, exclude.filter(v -> !v.isBlank()));
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option 'tables' or 'tables.exclude' is invalid: " + e.getMessage()
                    + ". " + OptionReader.describe(TABLES));
        }
    }

    private static StartupMode parseStartupMode(String value) {
        try {
            return StartupMode.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            throw OptionReader.invalid(SCAN_STARTUP_MODE, value, "valid values are initial, latest-offset, earliest-offset, specific-offset, timestamp "
                    + "and snapshot");
        }
    }
}
