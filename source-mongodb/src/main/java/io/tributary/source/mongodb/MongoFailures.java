package io.tributary.source.mongodb;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;

/** Turns driver failures into errors that say what to do. */
public final class MongoFailures {
    /** The server refused a command for lack of a privilege. */
    static final int UNAUTHORIZED = 13;
    static final int AUTHENTICATION_FAILED = 18;
    /** "The $changeStream stage is only supported on replica sets". */
    static final int CHANGE_STREAM_NEEDS_REPLICA_SET = 40573;
    static final int CHANGE_STREAM_FATAL = 280;
    static final int CHANGE_STREAM_HISTORY_LOST = 286;
    static final int OBJECT_TOO_LARGE = 10334;
    /** "Unrecognized pipeline stage name", e.g. $changeStreamSplitLargeEvent on a server older than 6.0.9. */
    static final int UNRECOGNIZED_STAGE = 40324;

    private MongoFailures() {}

    /**
     * The failure of {@code action} (e.g. "read collection shop.orders", with privilege {@code privilege})
     * against the deployment, classified.
     */
    public static TributaryException classify(RuntimeException e, MongoConnections connections, String action, String privilege) {
        if (e instanceof TributaryException known) {
            return known;
        }
        String server = connections.describeServer();
        if (isAuthenticationFailure(e)) {
            return new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, "Could not " + action + ": " + server + " refused the "
                    + "credentials of user '" + connections.username() + "'. Check username, password and the authentication database "
                    + "(authSource in connection.options, admin by default).", e);
        }
        int code = e instanceof MongoException mongo ? mongo.getCode() : -1;
        if (code == UNAUTHORIZED) {
            return new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, "Could not " + action + ": user '" + connections.username()
                    + "' lacks the " + privilege + " privilege on " + server + ". Grant it, e.g. the built-in role read on the captured "
                    + "databases (db.grantRolesToUser(\"" + connections.username() + "\", [{role: \"read\", db: \"<database>\"}])).", e);
        }
        if (code == CHANGE_STREAM_NEEDS_REPLICA_SET) {
            return notAReplicaSet(connections, e);
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException || hasCause(e, MongoSocketException.class)) {
            return new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "Could not " + action + ": " + server + " cannot be reached ("
                    + firstLine(e) + "). Check hosts (or connection.string), that the server runs and that the network lets this "
                    + "machine reach its port.", e);
        }
        if (code == OBJECT_TOO_LARGE) {
            return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not " + action + ": a change event is larger than "
                    + "MongoDB's 16 MB limit (a large document with a large before image or update description). Set "
                    + MongoSourceOptions.SPLIT_LARGE_EVENT.key() + ": true to read such events in fragments (MongoDB 6.0.9 or later; "
                    + "a single top-level field over 16 MB still fails), or reduce the document, or turn scan.full-changelog off.", e);
        }
        if (code == UNRECOGNIZED_STAGE && String.valueOf(e.getMessage()).contains("$changeStreamSplitLargeEvent")) {
            return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "Could not " + action + ": " + server + " does not know "
                    + "$changeStreamSplitLargeEvent, which " + MongoSourceOptions.SPLIT_LARGE_EVENT.key() + ": true needs (MongoDB 6.0.9 or "
                    + "later on every member and shard). Upgrade the servers, or set it to false (events over 16 MB then end the run).", e);
        }
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not " + action + " on " + server + ": " + firstLine(e), e);
    }

    /** The oplog no longer holds the point a change stream must resume from (ChangeStreamHistoryLost and its fatal variant). */
    public static boolean isHistoryLost(RuntimeException e) {
        int code = e instanceof MongoException mongo ? mongo.getCode() : -1;
        return code == CHANGE_STREAM_HISTORY_LOST || code == CHANGE_STREAM_FATAL;
    }

    /** The error for a resume point the oplog no longer holds, naming it, the oldest entry left, and how to recover. */
    public static TributaryException positionLost(MongoConnections connections, ChangeStreamPosition resumePoint,
            java.util.Optional<ChangeStreamPosition> oldestEntry, RuntimeException e) {
        return new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The change stream of " + connections.describeServer()
                + " can no longer resume at " + resumePoint + ": the oplog no longer holds it (oldest entry now: "
                + oldestEntry.map(Object::toString).orElse("unknown, reading local.oplog.rs needs read on local") + "). Changes made "
                + "since are lost to this pipeline. To recover, take a new snapshot: delete the pipeline's state directory and run it "
                + "again with scan.startup.mode: initial; and keep the oplog longer than the pipeline may be stopped "
                + "(replSetResizeOplog, storage.oplogMinRetentionHours).", e);
    }

    static TributaryException notAReplicaSet(MongoConnections connections, RuntimeException e) {
        return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, connections.describeServer() + " is a standalone server: change "
                + "streams need a replica set or a sharded cluster. Start mongod with --replSet and run rs.initiate() (a one-member "
                + "replica set is enough), or use scan.startup.mode: snapshot.", e);
    }

    private static boolean isAuthenticationFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoSecurityException || (t instanceof MongoCommandException command && command.getCode() == AUTHENTICATION_FAILED)) {
                return true;
            }
        }
        return e.getMessage() != null && e.getMessage().contains("MongoSecurityException");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
