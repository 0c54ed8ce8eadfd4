package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.StartupMode;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The options of a {@code mongodb} source block, with Flink CDC's MongoDB names, parsed and checked
 * once. The descriptions feed {@code --help}, errors and the README.
 */
public final class MongoSourceOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> HOSTS = ConfigOptions.key("hosts").stringType().noDefaultValue()
            .withDescription("Comma-separated host:port list of the replica set members or mongos routers (e.g. 127.0.0.1:27017). "
                    + "Give hosts or connection.string.");
    public static final ConfigOption<String> CONNECTION_STRING = ConfigOptions.key("connection.string").stringType().noDefaultValue()
            .withDescription("A whole connection string (mongodb:// or mongodb+srv://), instead of scheme, hosts and connection.options.");
    public static final ConfigOption<String> SCHEME = ConfigOptions.key("scheme").stringType().defaultValue("mongodb")
            .withDescription("mongodb, or mongodb+srv to find the hosts through DNS SRV records.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue()
            .withDescription("User to connect as. Needs find and changeStream on the captured collections, listCollections on their "
                    + "databases, and find on local.oplog.rs (the built-in role read on the databases and on local covers them).");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("Password of username; write ${MONGO_PASSWORD} to take it from the environment.");
    public static final ConfigOption<String> CONNECTION_OPTIONS = ConfigOptions.key("connection.options").stringType().noDefaultValue()
            .withDescription("Connection string options joined with &, e.g. replicaSet=rs0&authSource=admin.");
    public static final ConfigOption<String> DATABASE = ConfigOptions.key("database").stringType().noDefaultValue()
            .withDescription("Databases to capture: a comma-separated list of regular expressions matched against whole database names. "
                    + "Default: those the collection patterns name.");
    public static final ConfigOption<String> COLLECTION = ConfigOptions.key("collection").stringType().noDefaultValue()
            .withDescription("Collections to capture: comma-separated regular expressions matched against whole database.collection names; "
                    + "write a literal dot as \\. (shop\\.orders, shop\\.customer_.*).");
    public static final ConfigOption<String> COLLECTIONS = ConfigOptions.key("collections").stringType().noDefaultValue()
            .withDescription("The same as collection.");
    public static final ConfigOption<String> SCAN_STARTUP_MODE = ConfigOptions.key("scan.startup.mode").stringType().defaultValue("initial")
            .withDescription("initial: snapshot the collections, then stream their change streams from where the snapshot began. "
                    + "latest-offset: stream changes from now on. timestamp: stream changes from scan.startup.timestamp-millis on. "
                    + "snapshot: snapshot the collections and finish.");
    public static final ConfigOption<Long> TIMESTAMP_MILLIS = ConfigOptions.key("scan.startup.timestamp-millis").longType().noDefaultValue()
            .withDescription("In timestamp mode, stream changes from this time on (milliseconds since the epoch); the oplog must still hold it.");
    public static final ConfigOption<Integer> CHUNK_SIZE_MB = ConfigOptions.key("scan.incremental.snapshot.chunk.size.mb").intType()
            .defaultValue(64).withDescription("Size of a snapshot chunk in MB, turned into a document count by the collection's average "
                    + "document size. A collection smaller than one chunk is read as one chunk.");
    public static final ConfigOption<Integer> CHUNK_SIZE = ConfigOptions.key("scan.incremental.snapshot.chunk.size").intType().noDefaultValue()
            .withDescription("Documents per snapshot chunk; when set, it takes precedence over scan.incremental.snapshot.chunk.size.mb.");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("batch.size").intType().defaultValue(1024)
            .withDescription("Documents fetched per round trip by snapshot and change-stream cursors; bounds reader memory.");
    public static final ConfigOption<Long> POLL_AWAIT_TIME = ConfigOptions.key("poll.await.time.ms").longType().defaultValue(200L)
            .withDescription("How long the server waits for new changes before answering an empty change-stream batch (milliseconds, "
                    + "at most 1000 so that the reader stays responsive).");
    public static final ConfigOption<Long> HEARTBEAT_INTERVAL = ConfigOptions.key("heartbeat.interval.ms").longType().defaultValue(10_000L)
            .withDescription("How often a quiet change stream's resume point is saved in the next checkpoint anyway (milliseconds), so a "
                    + "restart of a pipeline on quiet collections need not resume from an old, possibly purged, oplog entry. 0: off.");
    public static final ConfigOption<Boolean> FULL_CHANGELOG = ConfigOptions.key("scan.full-changelog").booleanType().defaultValue(false)
            .withDescription("true: updates carry the document before and after the change from the collection's pre- and post-images "
                    + "(MongoDB 6.0+, changeStreamPreAndPostImages enabled on every captured collection). false: the document after an "
                    + "update is looked up when the change is read (updateLookup), so it may already hold later changes.");
    public static final ConfigOption<Boolean> SPLIT_LARGE_EVENT = ConfigOptions.key("scan.change-stream.split-large-event.enabled")
            .booleanType().defaultValue(false).withDescription("true: change events over MongoDB's 16 MB limit are sent in fragments "
                    + "($changeStreamSplitLargeEvent, MongoDB 6.0.9+ or 7.0+) and put back together before they are read; a single "
                    + "top-level field over 16 MB still fails. false: such an event ends the run.");
    public static final ConfigOption<Boolean> DOCUMENT_FLATTEN = ConfigOptions.key("document.flatten").booleanType().defaultValue(false)
            .withDescription("true: each top-level field of a document becomes a column, typed from the documents sampled at discovery "
                    + "and widened as needed; fields first seen while streaming are added as columns. false: a collection is the _id "
                    + "and one document column holding the whole document.");
    public static final ConfigOption<Integer> DOCUMENT_FLATTEN_SAMPLE_SIZE = ConfigOptions.key("document.flatten.sample-size").intType()
            .defaultValue(1000).withDescription("With document.flatten: how many documents discovery reads to find the fields and "
                    + "their types (the first ones and as many random ones); 0 reads every document.");

    static final Set<ConfigOption<?>> REQUIRED = Set.of();
    static final Set<ConfigOption<?>> OPTIONAL = Set.of(HOSTS, CONNECTION_STRING, SCHEME, USERNAME, PASSWORD, CONNECTION_OPTIONS, DATABASE,
            COLLECTION, COLLECTIONS, SCAN_STARTUP_MODE, TIMESTAMP_MILLIS, CHUNK_SIZE_MB, CHUNK_SIZE, BATCH_SIZE, POLL_AWAIT_TIME,
            HEARTBEAT_INTERVAL, FULL_CHANGELOG, SPLIT_LARGE_EVENT, DOCUMENT_FLATTEN, DOCUMENT_FLATTEN_SAMPLE_SIZE);

    private final String connectionString;
    private final String username;
    private final String password;
    private final CollectionFilter collections;
    private final StartupMode startupMode;
    private final Long timestampMillis;
    private final int chunkSizeMb;
    private final Integer chunkSizeDocuments;
    private final int batchSize;
    private final long pollAwaitMillis;
    private final long heartbeatMillis;
    private final boolean fullChangelog;
    private final boolean splitLargeEvents;
    private final boolean flatten;
    private final int flattenSampleSize;

    private MongoSourceOptions(Configuration config) {
        this.connectionString = connectionString(config);
        this.username = config.getOptional(USERNAME).filter(u -> !u.isBlank()).orElse(null);
        this.password = config.getOptional(PASSWORD).orElse(null);
        if (password != null && username == null) {
            throw invalid(PASSWORD, "(set)", "a password needs a username");
        }
        String patterns = config.getOptional(COLLECTION).or(() -> config.getOptional(COLLECTIONS)).filter(p -> !p.isBlank())
                .orElseThrow(() -> new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "Option 'collection' is required: "
                        + COLLECTION.description()));
        try {
            this.collections = CollectionFilter.parse(config.getOptional(DATABASE).filter(d -> !d.isBlank()), patterns);
        } catch (IllegalArgumentException e) {
            throw invalid(COLLECTION, patterns, e.getMessage());
        }
        this.startupMode = parseStartupMode(config.get(SCAN_STARTUP_MODE));
        this.timestampMillis = startupMode == StartupMode.TIMESTAMP ? config.getOptional(TIMESTAMP_MILLIS).orElseThrow(() ->
                new TributaryException(ErrorCode.CONFIG_MISSING_OPTION, "Option 'scan.startup.timestamp-millis' is required when "
                        + "scan.startup.mode is timestamp: " + TIMESTAMP_MILLIS.description())) : null;
        this.chunkSizeMb = positive(CHUNK_SIZE_MB, config.get(CHUNK_SIZE_MB));
        this.chunkSizeDocuments = config.getOptional(CHUNK_SIZE).map(size -> positive(CHUNK_SIZE, size)).orElse(null);
        this.batchSize = positive(BATCH_SIZE, config.get(BATCH_SIZE));
        this.pollAwaitMillis = config.get(POLL_AWAIT_TIME);
        if (pollAwaitMillis < 1 || pollAwaitMillis > 1000) {
            throw invalid(POLL_AWAIT_TIME, String.valueOf(pollAwaitMillis), "it must be between 1 and 1000");
        }
        this.heartbeatMillis = config.get(HEARTBEAT_INTERVAL);
        if (heartbeatMillis < 0) {
            throw invalid(HEARTBEAT_INTERVAL, String.valueOf(heartbeatMillis), "it must be 0 (off) or positive");
        }
        this.fullChangelog = config.get(FULL_CHANGELOG);
        this.splitLargeEvents = config.get(SPLIT_LARGE_EVENT);
        this.flatten = config.get(DOCUMENT_FLATTEN);
        this.flattenSampleSize = config.get(DOCUMENT_FLATTEN_SAMPLE_SIZE);
        if (flattenSampleSize < 0) {
            throw invalid(DOCUMENT_FLATTEN_SAMPLE_SIZE, String.valueOf(flattenSampleSize), "it must be 0 (every document) or positive");
        }
    }

    /** Parses and checks the options of a source block. */
    public static MongoSourceOptions from(Configuration config) {
        return new MongoSourceOptions(requireNonNull(config, "config is null"));
    }

    private static String connectionString(Configuration config) {
        Optional<String> whole = config.getOptional(CONNECTION_STRING).filter(s -> !s.isBlank()).map(String::trim);
        Optional<String> hosts = config.getOptional(HOSTS).filter(h -> !h.isBlank()).map(h -> h.replace(" ", ""));
        if (whole.isPresent() == hosts.isPresent()) {
            throw new TributaryException(whole.isPresent() ? ErrorCode.CONFIG_INVALID : ErrorCode.CONFIG_MISSING_OPTION,
                    "Give either 'hosts' (e.g. 127.0.0.1:27017) or 'connection.string' (e.g. mongodb+srv://cluster0.example.net), not "
                            + (whole.isPresent() ? "both." : "neither."));
        }
        if (whole.isPresent()) {
            if (!whole.get().startsWith("mongodb://") && !whole.get().startsWith("mongodb+srv://")) {
                throw invalid(CONNECTION_STRING, "(hidden)", "it starts with mongodb:// or mongodb+srv://");
            }
            return whole.get();
        }
        String scheme = config.get(SCHEME).trim();
        if (!scheme.equals("mongodb") && !scheme.equals("mongodb+srv")) {
            throw invalid(SCHEME, scheme, "valid values are mongodb and mongodb+srv");
        }
        String options = config.getOptional(CONNECTION_OPTIONS).filter(o -> !o.isBlank()).map(o -> "?" + o.trim()).orElse("");
        return scheme + "://" + hosts.get() + "/" + options;
    }

    private static int positive(ConfigOption<Integer> option, int value) {
        if (value < 1) {
            throw invalid(option, String.valueOf(value), "it must be at least 1");
        }
        return value;
    }

    private static StartupMode parseStartupMode(String value) {
        StartupMode mode;
        try {
            mode = StartupMode.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            mode = null;
        }
        if (mode == null || mode == StartupMode.EARLIEST_OFFSET || mode == StartupMode.SPECIFIC_OFFSET) {
            throw invalid(SCAN_STARTUP_MODE, value, "valid values are initial, latest-offset, timestamp and snapshot");
        }
        return mode;
    }

    static TributaryException invalid(ConfigOption<?> option, String value, String why) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + option.key() + "' = " + value + " is invalid: " + why + ". "
                + option.description());
    }

    /** The connection string; credentials given as username and password are added apart from it, and logs name only its hosts. */
    public String connectionString() {
        return connectionString;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public CollectionFilter collections() {
        return collections;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    public Optional<Long> timestampMillis() {
        return Optional.ofNullable(timestampMillis);
    }

    public int chunkSizeMb() {
        return chunkSizeMb;
    }

    /** Documents per chunk, when given as a count. */
    public Optional<Integer> chunkSizeDocuments() {
        return Optional.ofNullable(chunkSizeDocuments);
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration pollAwaitTime() {
        return Duration.ofMillis(pollAwaitMillis);
    }

    /** How often a quiet stream's resume point is saved; zero when off. */
    public Duration heartbeatInterval() {
        return Duration.ofMillis(heartbeatMillis);
    }

    public boolean fullChangelog() {
        return fullChangelog;
    }

    /** Whether the change stream sends events over 16 MB in fragments ({@code $changeStreamSplitLargeEvent}). */
    public boolean splitLargeEvents() {
        return splitLargeEvents;
    }

    /** Whether top-level fields become columns. */
    public boolean flatten() {
        return flatten;
    }

    /** Documents discovery reads to type the flattened columns; empty for every document. */
    public Optional<Integer> flattenSampleSize() {
        return flattenSampleSize == 0 ? Optional.empty() : Optional.of(flattenSampleSize);
    }

    public DocumentRows documentRows() {
        return new DocumentRows(flatten);
    }
}
