package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.network.ServerException;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.MySqlConnectionFactory;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns what the replication client or the server reports into a {@link TributaryException} whose
 * code says what went wrong (a purged position, a server id in use, a missing grant) and whose
 * message says what to do about it.
 */
final class BinlogFailureClassifier {
    private final String server;
    private final long serverId;
    private final String username;

    BinlogFailureClassifier(String server, long serverId, String username) {
        this.server = requireNonNull(server, "server is null");
        this.serverId = serverId;
        this.username = requireNonNull(username, "username is null");
    }

    /** The failure of reading the binlog at {@code position}, as the user should see it. */
    TributaryException classify(Throwable failure, BinlogPosition position) {
        if (failure instanceof TributaryException tributary) {
            return tributary;
        }
        String message = String.valueOf(failure.getMessage());
        Optional<SSLException> tls = JdbcConnectionFactory.tlsFailure(failure);
        if (tls.isPresent()) {
            return new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "The binlog connection to " + server + " failed: the TLS handshake "
                    + "failed (" + tls.get().getMessage() + "); " + MySqlConnectionFactory.CHECK_TLS + ".", failure);
        }
        if (failure instanceof ServerException serverError) {
            int code = serverError.getErrorCode();
            if (code == 1236 && (message.contains("purged") || message.contains("Could not find first log") || message.contains("could not find"))) {
                return new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The binlog position " + position + " is no longer on " + server
                        + " (" + message + "). Its binlog was purged before the pipeline read it. Run SHOW BINARY LOGS to see the oldest file "
                        + "that remains; to recover, start again with a new snapshot (delete the pipeline's state directory, "
                        + "scan.startup.mode: initial), and keep binlogs longer (binlog_expire_logs_seconds) than the pipeline may be stopped.",
                        failure);
            }
            if (message.toLowerCase(Locale.ROOT).contains("same server") || message.contains("server_uuid/server_id")) {
                return new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, server + " dropped the binlog connection because another "
                        + "replica uses server-id " + serverId + " (" + message + "). Give this pipeline a server-id no "
                        + "other replica or pipeline of that server uses (option server-id).", failure);
            }
            if (code == 1227 || code == 1045) {
                return new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, server + " refused to stream its binlog to user '"
                        + username + "' (" + message + "). GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user.", failure);
            }
        }
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading the binlog of " + server + " at " + position + " failed: " + message
                + ". The pipeline restarts from its last checkpoint.", failure);
    }

    /** The client's thread was interrupted while handing a decoded event over to the pipeline: that event is not in the queue. */
    TributaryException handOverInterrupted(BinlogPosition position, InterruptedException interruption) {
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The binlog event of " + server + " at " + position + " could not be "
                + "handed over to the pipeline: the binlog client's thread was interrupted while waiting for room in the reader's queue. "
                + "The pipeline restarts from its last checkpoint.", interruption);
    }
}
