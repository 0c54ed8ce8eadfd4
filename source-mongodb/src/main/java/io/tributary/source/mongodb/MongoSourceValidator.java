package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Projections;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.spi.ValidationReport;
import io.tributary.source.mongodb.stream.MongoStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * Checks, without changing anything, what a run needs: the deployment answers, accepts the
 * credentials, has matching collections the user may read, and (when streaming) serves change
 * streams on them, which a standalone server does not.
 */
final class MongoSourceValidator {
    private final MongoDialect dialect;

    MongoSourceValidator(MongoDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    ValidationReport validate() {
        MongoConnections connections = dialect.connections();
        List<String> findings = new ArrayList<>();
        try (MongoClient client = connections.open()) {
            String version;
            try {
                BsonDocument build = client.getDatabase("admin").runCommand(new BsonDocument("buildInfo", new BsonInt32(1)), BsonDocument.class);
                version = build.isString("version") ? build.getString("version").getValue() : "unknown";
            } catch (RuntimeException e) {
                throw MongoFailures.classify(e, connections, "connect", "(none)");
            }
            findings.add(connections.describeServer() + ", version " + version);
            if (dialect.options().splitLargeEvents() && dialect.options().startupMode().streams()) {
                checkSplitLargeEvents(connections, version);
                findings.add("events over 16 MB: read in fragments ($changeStreamSplitLargeEvent)");
            }
            List<CapturedTable> tables = dialect.discoverTables();
            for (CapturedTable table : tables) {
                String name = table.tableId().identifier();
                try {
                    client.getDatabase(table.tableId().database().orElseThrow()).getCollection(table.tableId().table(), BsonDocument.class)
                            .find().projection(Projections.include("_id")).limit(1).first();
                } catch (RuntimeException e) {
                    throw MongoFailures.classify(e, connections, "read collection " + name, "find");
                }
                findings.add("collection " + name + ": about " + table.estimatedRows() + " documents, _id as " + table.schema().columns().get(0).type());
            }
            if (dialect.options().startupMode().streams()) {
                CapturedTable first = tables.get(0);
                String name = first.tableId().identifier();
                try (MongoChangeStreamCursor<?> cursor = client.getDatabase(first.tableId().database().orElseThrow())
                        .getCollection(first.tableId().table(), BsonDocument.class).watch(MongoStreamReader.pipeline(dialect.options()))
                        .maxAwaitTime(1, TimeUnit.MILLISECONDS).cursor()) {
                    cursor.tryNext();
                } catch (RuntimeException e) {
                    throw MongoFailures.classify(e, connections, "open the change stream of " + name, "changeStream");
                }
                findings.add("change streams: available");
            }
        }
        return new ValidationReport(MongoSourceFactory.IDENTIFIER, findings);
    }

    /** Refuses scan.change-stream.split-large-event.enabled on a server whose buildInfo version is older than 6.0.9 or unreadable. */
    static void checkSplitLargeEvents(MongoConnections connections, String version) {
        Optional<MongoServerVersion> release = MongoServerVersion.parse(version);
        if (release.isEmpty() || !release.get().isAtLeast(MongoServerVersion.SPLIT_LARGE_EVENT)) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, connections.describeServer() + " runs MongoDB " + version
                    + ", but " + MongoSourceOptions.SPLIT_LARGE_EVENT.key() + ": true needs $changeStreamSplitLargeEvent, which MongoDB "
                    + MongoServerVersion.SPLIT_LARGE_EVENT + " and later have (on every member and shard). Upgrade the deployment, or "
                    + "set the option to false (a change event over 16 MB then ends the run).");
        }
    }
}
