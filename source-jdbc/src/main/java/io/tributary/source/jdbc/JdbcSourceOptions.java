package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.source.StartupMode;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options every JDBC source block has: where to connect, as whom, and how the snapshot is cut
 * into chunks and fetched. Each source's options class extends it with the definitions whose
 * defaults or descriptions are its own and with the options only it has.
 */
public abstract class JdbcSourceOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Keys starting with this prefix go to the JDBC driver as connection properties, the prefix removed (Flink CDC's {@code jdbc.properties.*}). */
    public static final String JDBC_PROPERTIES_PREFIX = "jdbc.properties.";

    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password of the user; use ${ENV_VAR} substitution rather than writing it into the file.");
    public static final ConfigOption<String> TABLES_EXCLUDE = ConfigOptions.key("tables.exclude").stringType().noDefaultValue()
            .withDescription("Tables to leave out, in the same syntax as 'tables'.");
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect.timeout").durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How long to wait for a connection to the server before giving up; while streaming, also how long a silent "
                    + "server is waited for before the pipeline treats it as out of reach (a network cut that closed nothing).");
    public static final ConfigOption<Double> EVEN_DISTRIBUTION_UPPER = ConfigOptions.key("chunk-key.even-distribution.factor.upper-bound")
            .doubleType().defaultValue(1000.0)
            .withDescription("An integer key is cut into even ranges when (max - min + 1) / rows is at most this factor.");
    public static final ConfigOption<Double> EVEN_DISTRIBUTION_LOWER = ConfigOptions.key("chunk-key.even-distribution.factor.lower-bound")
            .doubleType().defaultValue(0.05)
            .withDescription("An integer key is cut into even ranges when (max - min + 1) / rows is at least this factor.");

    /** The {@code hostname} option, described for one source. */
    protected static ConfigOption<String> hostnameOption(String description) {
        return ConfigOptions.key("hostname").stringType().noDefaultValue().withDescription(description);
    }

    /** The {@code port} option with the source's default port. */
    protected static ConfigOption<Integer> portOption(int defaultPort, String description) {
        return ConfigOptions.key("port").intType().defaultValue(defaultPort).withDescription(description);
    }

    /** The {@code username} option, with the privileges the source needs in its description. */
    protected static ConfigOption<String> usernameOption(String description) {
        return ConfigOptions.key("username").stringType().noDefaultValue().withDescription(description);
    }

    /** The {@code tables} option, with the source's pattern syntax in its description. */
    protected static ConfigOption<String> tablesOption(String description) {
        return ConfigOptions.key("tables").stringType().noDefaultValue().withDescription(description);
    }

    /** The {@code scan.incremental.snapshot.chunk.size} option (8096 rows), with how the source cuts chunks in its description. */
    protected static ConfigOption<Integer> chunkSizeOption(String description) {
        return ConfigOptions.key("scan.incremental.snapshot.chunk.size").intType().defaultValue(8096).withDescription(description);
    }

    /** The {@code scan.snapshot.fetch.size} option with the source's default. */
    protected static ConfigOption<Integer> fetchSizeOption(int defaultRows, String description) {
        return ConfigOptions.key("scan.snapshot.fetch.size").intType().defaultValue(defaultRows).withDescription(description);
    }

    /** The {@code heartbeat.interval} option (30s), with what a heartbeat does for the source in its description. */
    protected static ConfigOption<Duration> heartbeatIntervalOption(String description) {
        return ConfigOptions.key("heartbeat.interval").durationType().defaultValue(Duration.ofSeconds(30)).withDescription(description);
    }

    /**
     * A source's option definitions: those of the common options whose defaults or descriptions
     * differ between sources, and the options only that source has.
     */
    public record Definitions(ConfigOption<String> hostname, ConfigOption<Integer> port, ConfigOption<String> username,
            ConfigOption<String> tables, ConfigOption<Integer> chunkSize, ConfigOption<Integer> fetchSize,
            ConfigOption<Duration> heartbeatInterval, Set<ConfigOption<?>> sourceOnly) implements Serializable {
        public Definitions {
            requireNonNull(hostname, "hostname is null");
            requireNonNull(port, "port is null");
            requireNonNull(username, "username is null");
            requireNonNull(tables, "tables is null");
            requireNonNull(chunkSize, "chunkSize is null");
            requireNonNull(fetchSize, "fetchSize is null");
            requireNonNull(heartbeatInterval, "heartbeatInterval is null");
            sourceOnly = Set.copyOf(requireNonNull(sourceOnly, "sourceOnly is null"));
        }

        /** The options a source block must set. */
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of(hostname, username, tables);
        }

        /** The options a source block may set: the common ones and the source's own. */
        public Set<ConfigOption<?>> optionalOptions() {
            Set<ConfigOption<?>> options = new HashSet<>(sourceOnly);
            options.addAll(Set.of(PASSWORD, TABLES_EXCLUDE, CONNECT_TIMEOUT, EVEN_DISTRIBUTION_UPPER, EVEN_DISTRIBUTION_LOWER,
                    ChunkKeyColumns.OPTION, port, chunkSize, fetchSize, heartbeatInterval));
            return Set.copyOf(options);
        }
    }

    private final String hostname;
    private final int port;
    private final String username;
    private final String password;
    private final int chunkSize;
    private final int fetchSize;
    private final Duration connectTimeout;
    private final double evenDistributionUpper;
    private final double evenDistributionLower;
    private final ChunkKeyColumns chunkKeyColumns;
    private final Duration heartbeatInterval;
    private final TreeMap<String, String> jdbcProperties;
    private final String tableSelection;

    protected JdbcSourceOptions(OptionReader reader, Definitions definitions) {
        requireNonNull(reader, "reader is null");
        requireNonNull(definitions, "definitions is null");
        this.hostname = reader.required(definitions.hostname());
        this.port = reader.between(definitions.port(), 1, 65535);
        this.username = reader.required(definitions.username());
        this.password = reader.config().getOptional(PASSWORD).orElse(null);
        this.chunkSize = reader.atLeast(definitions.chunkSize(), 1);
        this.fetchSize = reader.atLeast(definitions.fetchSize(), 1);
        this.connectTimeout = reader.positive(CONNECT_TIMEOUT);
        this.evenDistributionUpper = reader.read(EVEN_DISTRIBUTION_UPPER);
        this.evenDistributionLower = reader.read(EVEN_DISTRIBUTION_LOWER);
        if (!(evenDistributionLower > 0 && evenDistributionLower <= evenDistributionUpper)) {
            throw OptionReader.invalid(EVEN_DISTRIBUTION_LOWER, String.valueOf(evenDistributionLower),
                    "it must be greater than 0 and at most chunk-key.even-distribution.factor.upper-bound (" + evenDistributionUpper + ")");
        }
        this.chunkKeyColumns = ChunkKeyColumns.from(reader.config());
        // Each source checks the interval against what its log protocol allows.
        this.heartbeatInterval = reader.read(definitions.heartbeatInterval());
        this.jdbcProperties = new TreeMap<>(reader.withPrefix(JDBC_PROPERTIES_PREFIX));
        this.tableSelection = "tables: " + reader.required(definitions.tables())
                + reader.config().getOptional(TABLES_EXCLUDE).filter(v -> !v.isBlank()).map(v -> ", tables.exclude: " + v).orElse("");
    }

    /** The options that select the captured tables, as written (see {@code SourceDialect#tableSelection()}). */
    public String tableSelection() {
        return tableSelection;
    }

    /** The option's description as plain text (it feeds {@code --help}, errors and the README). */
    public static String describe(ConfigOption<?> option) {
        return OptionReader.describe(option);
    }

    /** Whether the source snapshots, streams, or both. */
    public abstract StartupMode startupMode();

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

    public int chunkSize() {
        return chunkSize;
    }

    public int fetchSize() {
        return fetchSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public double evenDistributionUpper() {
        return evenDistributionUpper;
    }

    public double evenDistributionLower() {
        return evenDistributionLower;
    }

    /** Which column chunks each table without a primary key. */
    public ChunkKeyColumns chunkKeyColumns() {
        return chunkKeyColumns;
    }

    /** Extra JDBC driver connection properties from {@code jdbc.properties.*} keys (e.g. sslmode, useSSL). */
    public Map<String, String> jdbcProperties() {
        return Collections.unmodifiableMap(jdbcProperties);
    }

    /** How often the log stream shows it is alive while the captured tables do not change. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }
}
