package io.tributary.source.oracle;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Oracle error means for the user, and what to do about it. The driver reports the
 * server's ORA- number as the vendor code of its {@link SQLException}; a failure to reach the
 * server comes as the driver's own code (17002, an I/O error) with the listener's ORA- number in
 * the message, which is read from there.
 */
public final class OracleFailures {
    static final int INVALID_CREDENTIALS = 1017;
    static final int NO_CREATE_SESSION = 1045;
    static final int ACCOUNT_LOCKED = 28000;
    static final int PASSWORD_EXPIRED = 28001;
    static final int INSUFFICIENT_PRIVILEGES = 1031;
    static final int NO_SUCH_TABLE_OR_VIEW = 942;
    static final int SNAPSHOT_TOO_OLD = 1555;
    static final int DEFINITION_CHANGED = 1466;
    static final int NOT_A_VALID_SCN = 8181;
    static final int LOG_FILE_MISSING = 1291;
    static final int NO_SUCH_PLUGGABLE_DATABASE = 65011;
    static final int LISTENER_UNKNOWN_SERVICE = 12514;
    static final int LISTENER_UNKNOWN_SID = 12505;
    static final int NO_LISTENER = 12541;
    static final int DRIVER_IO_ERROR = 17002;

    private static final Pattern ORA_NUMBER = Pattern.compile("ORA-(\\d{5})");

    private OracleFailures() {}

    /** The ORA- number behind {@code e}: its vendor code, or for the driver's I/O errors the first ORA- number its messages name. */
    static int oraNumber(SQLException e) {
        if (e.getErrorCode() != 0 && e.getErrorCode() != DRIVER_IO_ERROR) {
            return e.getErrorCode();
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher matcher = ORA_NUMBER.matcher(String.valueOf(t.getMessage()));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return e.getErrorCode();
    }

    /** A failed attempt to connect as {@code user} to {@code server} (e.g. {@code db.example:1521/ORCLCDB}). */
    public static TributaryException connectFailure(SQLException e, String server, String user, long timeoutSeconds) {
        String oracle = "Oracle at " + server;
        return switch (oraNumber(e)) {
            case INVALID_CREDENTIALS -> new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, oracle + " rejected user '" + user
                    + "' (" + e.getMessage().trim() + "). Check username and password; in a container database the user is a common user "
                    + "such as c##cdc, created in CDB$ROOT with CONTAINER=ALL.", e);
            case ACCOUNT_LOCKED, PASSWORD_EXPIRED -> new TributaryException(ErrorCode.SOURCE_AUTHENTICATION_FAILED, oracle + " refused user '"
                    + user + "' (" + e.getMessage().trim() + "). Unlock the account or set a new password as a DBA: ALTER USER " + user
                    + " ACCOUNT UNLOCK; or ALTER USER " + user + " IDENTIFIED BY <new password>;", e);
            case NO_CREATE_SESSION -> new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING, oracle + " refused user '" + user
                    + "' a session (" + e.getMessage().trim() + "). As a DBA: GRANT CREATE SESSION TO " + user + " CONTAINER=ALL;", e);
            case LISTENER_UNKNOWN_SERVICE, LISTENER_UNKNOWN_SID -> new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "The listener of "
                    + oracle + " knows no such service (" + e.getMessage().trim() + "). Set database to a service the listener offers "
                    + "(lsnrctl services lists them; the container database's, e.g. ORCLCDB, not a pluggable database's), or give url.",
                    e);
            default -> new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "Cannot connect to " + oracle + ": " + e.getMessage().trim()
                    + ". Check hostname and port (the listener's, 1521 by default), that the listener runs and accepts connections from "
                    + "this host (firewalls), and connect.timeout (" + timeoutSeconds + "s).", e);
        };
    }

    /**
     * A failure while reading chunk rows as of SCN {@code scn}, or empty when it is not one this
     * source knows a remedy for.
     */
    public static Optional<TributaryException> snapshotReadFailure(SQLException e, String table, long scn) {
        return switch (oraNumber(e)) {
            case SNAPSHOT_TOO_OLD -> Optional.of(new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Reading " + table + " as of SCN "
                    + scn + " needs undo the database no longer keeps (" + e.getMessage().trim() + "). The chunk is read again as of a "
                    + "newer SCN when the pipeline restarts; if this repeats, raise the undo retention (ALTER SYSTEM SET UNDO_RETENTION = <seconds>, with an "
                    + "undo tablespace large enough) or lower scan.incremental.snapshot.chunk.size so each chunk reads faster.", e));
            case DEFINITION_CHANGED -> Optional.of(new TributaryException(ErrorCode.SOURCE_READ_FAILED, "The definition of " + table
                    + " changed after SCN " + scn + " (" + e.getMessage().trim() + "), so its rows cannot be read as of that SCN. The "
                    + "chunk is read again as of a newer SCN when the pipeline restarts.", e));
            case NOT_A_VALID_SCN -> Optional.of(new TributaryException(ErrorCode.SOURCE_READ_FAILED, "SCN " + scn + " is not one the "
                    + "database can read " + table + " as of (" + e.getMessage().trim() + "); the chunk is read again as of a newer SCN "
                    + "when the pipeline restarts.", e));
            case INSUFFICIENT_PRIVILEGES, NO_SUCH_TABLE_OR_VIEW -> Optional.of(new TributaryException(ErrorCode.SOURCE_PRIVILEGE_MISSING,
                    "Cannot read " + table + " as of SCN " + scn + " (" + e.getMessage().trim() + "). Flashback queries need, as a DBA: "
                            + "GRANT SELECT, FLASHBACK ON " + table + " TO <user>; (or GRANT SELECT ANY TABLE, FLASHBACK ANY TABLE TO "
                            + "<user> CONTAINER=ALL;)", e));
            default -> Optional.empty();
        };
    }

    /**
     * The stream could not start at SCN {@code scn} because the redo or archive logs holding it are
     * gone: the error that says so, naming the oldest SCN still available where known.
     */
    public static TributaryException positionLost(long scn, Optional<Long> oldestAvailable, Throwable cause) {
        return new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "The pipeline must resume reading the redo log at SCN " + scn
                + ", but the logs holding it are no longer available" + oldestAvailable.map(s -> " (the oldest available starts at SCN " + s
                        + ")").orElse("") + ": changes committed since then cannot be read, and nothing was emitted past them. Take a new "
                + "snapshot: start the pipeline with a new --state-dir (scan.startup.mode: initial), or run tributary snapshot for the "
                + "tables. To keep this from recurring, keep archive logs longer than the pipeline may be stopped (RMAN's "
                + "ARCHIVELOG DELETION POLICY, the fast recovery area's size).", cause);
    }

    /** Whether {@code e} says a log file LogMiner was given is missing (ORA-01291). */
    public static boolean isLogFileMissing(SQLException e) {
        return oraNumber(e) == LOG_FILE_MISSING;
    }

    /** A pluggable database the 'tables' option names that the container does not have. */
    public static TributaryException noSuchPluggableDatabase(String pdb, SQLException e) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option 'tables' names pluggable database " + pdb + ", which the container "
                + "database does not have (" + e.getMessage().trim() + "). SELECT NAME FROM V$PDBS lists them; where the database has "
                + "no pluggable databases, write its own name as the first part of 'tables'.", e);
    }

    /** Whether {@code e} says a pluggable database does not exist (ORA-65011). */
    public static boolean isNoSuchPluggableDatabase(SQLException e) {
        return oraNumber(e) == NO_SUCH_PLUGGABLE_DATABASE;
    }
}
