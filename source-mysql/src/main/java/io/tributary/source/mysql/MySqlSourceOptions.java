package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import io.tributary.source.jdbc.ChunkKeyColumns;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * The options of a {@code mysql} source block (MySQL and MariaDB), with Flink CDC 3.x's names,
 * parsed and checked once. The descriptions feed {@code --help}, errors and the README.
 */
public final class MySqlSourceOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> HOSTNAME = ConfigOptions.key("hostname").stringType().noDefaultValue()
            .withDescription("Host name or IP address of the MySQL or MariaDB server.");
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("port").intType().defaultValue(3306)
            .withDescription("Port of the server.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User to connect as. Needs SELECT on the captured tables (and, to stream, REPLICATION SLAVE and REPLICATION CLIENT).");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password of the user; use ${ENV_VAR} substitution rather than writing it into the file.");
    public static final ConfigOption<String> TABLES = ConfigOptions.key("tables").stringType().noDefaultValue()
            .withDescription("Tables to capture: comma-separated database.table patterns. Both parts are regular expressions; "
                    + "write a regular-expression dot as \\. (shop.\\.* is every table of database shop).");
    public static final ConfigOption<String> TABLES_EXCLUDE = ConfigOptions.key("tables.exclude").stringType().noDefaultValue()
            .withDescription("Tables to leave out, in the same syntax as 'tables'.");
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
    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("heartbeat.interval").durationType()
            .defaultValue(Duration.ofSeconds(30)).withDescription("How often the server sends a heartbeat on an idle binlog connection, "
                    + "so a dead connection is noticed and the reader reconnects.");
    public static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("scan.incremental.snapshot.chunk.size").intType().defaultValue(8096)
            .withDescription("Rows per snapshot chunk (the unit of parallelism and of restart). Chunk boundaries are sampled along "
                    + "the primary-key index, so text keys follow the column's collation. Tables without a primary key are read as one chunk "
                    + "unless scan.incremental.snapshot.chunk.key-column names a column to chunk them by.");
    public static final ConfigOption<Integer> FETCH_SIZE = ConfigOptions.key("scan.snapshot.fetch.size").intType().defaultValue(1024)
            .withDescription("Rows fetched per round trip while reading a chunk (streamed result set); bounds reader memory.");
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect.timeout").durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How long to wait for a connection to the server before giving up.");

    private static final int DEFAULT_SERVER_ID_LOW = 5400;

    private final String hostname;
    private final int port;
    private final String username;
    private final String password;
    private final MySqlTableFilter tableFilter;
    private final ServerIdRange serverIds;
    private final String serverTimeZone;
    private final StartupMode startupMode;
    private final int chunkSize;
    private final int fetchSize;
    private final ChunkKeyColumns chunkKeyColumns;
    private final Duration connectTimeout;
    // The specific-offset start as plain fields: the options travel in the job graph, and
    // BinlogPosition holds an Optional, which Java serialization cannot write.
    private final String specificFile;
    private final long specificPosition;
    private final String specificGtids;
    private final Long timestampMillis;
    private final Duration heartbeatInterval;

    private MySqlSourceOptions(Configuration config) {
        this.hostname = required(config, HOSTNAME);
        this.port = read(config, PORT);
        if (port < 1 || port > 65535) {
            throw invalid(PORT, String.valueOf(port), "a TCP port is between 1 and 65535");
        }
        this.username = required(config, USERNAME);
        this.password = config.getOptional(PASSWORD).orElse(null);
        this.tableFilter = parseFilter(required(config, TABLES), config.getOptional(TABLES_EXCLUDE));
        this.serverIds = config.getOptional(SERVER_ID).map(MySqlSourceOptions::parseServerIds)
                .orElseGet(() -> ServerIdRange.single(DEFAULT_SERVER_ID_LOW + new java.util.Random().nextInt(1000)));
        this.serverTimeZone = config.getOptional(SERVER_TIME_ZONE).map(MySqlSourceOptions::checkZone).orElse(null);
        this.startupMode = parseStartupMode(read(config, SCAN_STARTUP_MODE));
        this.chunkSize = atLeast(config, CHUNK_SIZE, 1);
        this.fetchSize = atLeast(config, FETCH_SIZE, 1);
        this.chunkKeyColumns = ChunkKeyColumns.from(config);
        this.connectTimeout = read(config, CONNECT_TIMEOUT);
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw invalid(CONNECT_TIMEOUT, connectTimeout.toString(), "it must be a positive duration such as 30s");
        }
        this.heartbeatInterval = read(config, HEARTBEAT_INTERVAL);
        if (heartbeatInterval.toMillis() < 100) {
            throw invalid(HEARTBEAT_INTERVAL, heartbeatInterval.toString(), "it must be at least 100ms, such as 30s");
        }
        BinlogPosition specific = startupMode == StartupMode.SPECIFIC_OFFSET ? parseSpecificOffset(config) : null;
        this.specificFile = specific == null ? null : specific.file();
        this.specificPosition = specific == null ? 0 : specific.position();
        this.specificGtids = specific == null ? null : specific.gtidSet().orElse(null);
        this.timestampMillis = startupMode == StartupMode.TIMESTAMP ? config.getOptional(TIMESTAMP_MILLIS).orElseThrow(() ->
                new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "Option 'scan.startup.timestamp-millis' is required when "
                        + "scan.startup.mode is timestamp: " + describe(TIMESTAMP_MILLIS))) : null;
    }

    private static BinlogPosition parseSpecificOffset(Configuration config) {
        Optional<String> gtids = config.getOptional(SPECIFIC_OFFSET_GTID_SET).filter(g -> !g.isBlank()).map(String::trim);
        Optional<String> file = config.getOptional(SPECIFIC_OFFSET_FILE).filter(f -> !f.isBlank()).map(String::trim);
        Optional<Long> pos = parse(SPECIFIC_OFFSET_POS, () -> config.getOptional(SPECIFIC_OFFSET_POS));
        if (gtids.isEmpty() && (file.isEmpty() || pos.isEmpty())) {
            throw new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "scan.startup.mode: specific-offset needs either "
                    + "scan.startup.specific-offset.gtid-set, or both scan.startup.specific-offset.file and scan.startup.specific-offset.pos "
                    + "(e.g. file: mysql-bin.000003, pos: 4). SHOW MASTER STATUS on the server shows the current ones.");
        }
        if (pos.isPresent() && pos.get() < 4) {
            throw invalid(SPECIFIC_OFFSET_POS, String.valueOf(pos.get()), "binlog events start at offset 4");
        }
        // With only a GTID set, the reader asks the server where that set ends; the file is a placeholder.
        return new BinlogPosition(file.orElse("(from GTID set)"), pos.orElse(4L), gtids);
    }

    /** Parses and checks the options of a source block. */
    public static MySqlSourceOptions from(Configuration config) {
        return new MySqlSourceOptions(requireNonNull(config, "config is null"));
    }

    public static Set<ConfigOption<?>> requiredOptions() {
        return Set.of(HOSTNAME, USERNAME, TABLES);
    }

    public static Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PORT, PASSWORD, TABLES_EXCLUDE, SERVER_ID, SERVER_TIME_ZONE, SCAN_STARTUP_MODE, CHUNK_SIZE, FETCH_SIZE, CONNECT_TIMEOUT,
                SPECIFIC_OFFSET_FILE, SPECIFIC_OFFSET_POS, SPECIFIC_OFFSET_GTID_SET, TIMESTAMP_MILLIS, HEARTBEAT_INTERVAL, ChunkKeyColumns.OPTION);
    }

    public String hostname() {
        return hostname;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
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

    public StartupMode startupMode() {
        return startupMode;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Which column chunks each table without a primary key. */
    public ChunkKeyColumns chunkKeyColumns() {
        return chunkKeyColumns;
    }

    public int fetchSize() {
        return fetchSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The start position of specific-offset mode (the file is a placeholder when only a GTID set was given). */
    public Optional<BinlogPosition> specificOffset() {
        return Optional.ofNullable(specificFile).map(file -> new BinlogPosition(file, specificPosition, Optional.ofNullable(specificGtids)));
    }

    /** The start time of timestamp mode, in milliseconds since the epoch. */
    public Optional<Long> timestampMillis() {
        return Optional.ofNullable(timestampMillis);
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
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
            throw invalid(SERVER_ID, text, "write one id such as 5400 or a range such as 5400-5404 (ids from 1 to 4294967295)");
        }
    }

    private static String checkZone(String zone) {
        try {
            ZoneId.of(zone.trim());
            return zone.trim();
        } catch (DateTimeException e) {
            throw invalid(SERVER_TIME_ZONE, zone, "not a time zone id; use e.g. UTC, +02:00 or Europe/Berlin");
        }
    }

    private static MySqlTableFilter parseFilter(String tables, Optional<String> exclude) {
        try {
            return MySqlTableFilter.parse(tables, exclude.filter(v -> !v.isBlank()));
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option 'tables' or 'tables.exclude' is invalid: " + e.getMessage()
                    + ". " + describe(TABLES));
        }
    }

    private static StartupMode parseStartupMode(String value) {
        try {
            return StartupMode.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            throw invalid(SCAN_STARTUP_MODE, value, "valid values are initial, latest-offset, earliest-offset, specific-offset, timestamp "
                    + "and snapshot");
        }
    }

    private static String required(Configuration config, ConfigOption<String> option) {
        return config.getOptional(option).filter(v -> !v.isBlank()).orElseThrow(() -> new TributaryException(ErrorCode.CONFIG_MISSING_OPTION,
                "Option '" + option.key() + "' is required: " + describe(option)));
    }

    private static int atLeast(Configuration config, ConfigOption<Integer> option, int minimum) {
        int value = read(config, option);
        if (value < minimum) {
            throw invalid(option, String.valueOf(value), "it must be at least " + minimum);
        }
        return value;
    }

    private static <T> T read(Configuration config, ConfigOption<T> option) {
        return parse(option, () -> config.get(option));
    }

    private static <T> T parse(ConfigOption<?> option, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option.key() + "' has an invalid value: " + e.getMessage()
                    + ". " + describe(option), e);
        }
    }

    /** The option's description as plain text. */
    public static String describe(ConfigOption<?> option) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement element) {
                text.append(element.getFormat());
            }
        }
        return text.toString();
    }

    private static TributaryException invalid(ConfigOption<?> option, String value, String problem) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option.key() + "' = '" + value + "' is invalid: " + problem + ".");
    }
}
