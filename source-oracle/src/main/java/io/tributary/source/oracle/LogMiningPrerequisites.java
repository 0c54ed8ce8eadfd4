package io.tributary.source.oracle;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.TableId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a database must have before its changes can be mined from the redo log, checked without
 * changing anything: archive log mode, minimal supplemental logging for the database and
 * all-column supplemental logging for each captured table (or the whole database), the session
 * in the container's root where the database has pluggable ones, the pluggable database the
 * tables live in, and the privileges LogMiner and flashback reads need. Every problem is reported
 * at once, each with the statements that fix it.
 *
 * <p>The facts come from {@link #load}; the checks are separate from the queries so that they are
 * verified where no Oracle server runs. The queries follow Oracle's reference for the views named
 * and were not run against a server here.
 */
public final class LogMiningPrerequisites {
    /**
     * The system privileges a mining user needs, as SESSION_PRIVS names them: CREATE TABLE because
     * the log reader keeps a one-row flush table in the user's schema.
     */
    static final List<String> SYSTEM_PRIVILEGES = List.of("CREATE SESSION", "SET CONTAINER", "LOGMINING", "SELECT ANY TRANSACTION",
            "FLASHBACK ANY TABLE", "SELECT ANY TABLE", "SELECT ANY DICTIONARY", "CREATE TABLE");

    /** The dynamic performance views LogMiner reading queries. */
    static final List<String> VIEWS = List.of("V$DATABASE", "V$LOG", "V$LOGFILE", "V$ARCHIVED_LOG", "V$LOGMNR_CONTENTS", "V$LOGMNR_LOGS",
            "V$TRANSACTION", "V$THREAD", "V$PDBS");

    /**
     * The facts the checks read.
     *
     * @param logMode V$DATABASE.LOG_MODE: ARCHIVELOG or NOARCHIVELOG
     * @param minimalSupplementalLogging V$DATABASE.SUPPLEMENTAL_LOG_DATA_MIN is YES or IMPLICIT
     * @param allColumnsLogging V$DATABASE.SUPPLEMENTAL_LOG_DATA_ALL is YES: every table logs all columns
     * @param container whether the database has pluggable databases (V$DATABASE.CDB)
     * @param sessionContainer the container the session is in (SYS_CONTEXT('USERENV', 'CON_NAME'))
     * @param pluggableDatabases the pluggable databases' names (V$PDBS), empty without a container
     * @param privileges the session's system privileges (SESSION_PRIVS)
     * @param unreadableViews the views of {@link #VIEWS} the user cannot select from
     * @param tablesWithoutAllColumnsLogging captured tables without an ALL COLUMNS supplemental log group
     */
    public record Facts(String logMode, boolean minimalSupplementalLogging, boolean allColumnsLogging, boolean container,
            String sessionContainer, Set<String> pluggableDatabases, Set<String> privileges, Set<String> unreadableViews,
            List<TableId> tablesWithoutAllColumnsLogging) {
        public Facts {
            requireNonNull(logMode, "logMode is null");
            requireNonNull(sessionContainer, "sessionContainer is null");
            pluggableDatabases = Set.copyOf(pluggableDatabases);
            privileges = Set.copyOf(privileges);
            unreadableViews = Set.copyOf(unreadableViews);
            tablesWithoutAllColumnsLogging = List.copyOf(tablesWithoutAllColumnsLogging);
        }
    }

    private LogMiningPrerequisites() {}

    /**
     * Every problem {@code facts} show for streaming the tables of {@code tablesDatabase} as
     * {@code user}, each a sentence followed by the statements that fix it; empty when there is none.
     */
    public static List<String> problems(Facts facts, String user, String tablesDatabase) {
        List<String> problems = new ArrayList<>();
        if (!"ARCHIVELOG".equalsIgnoreCase(facts.logMode())) {
            problems.add("The database runs in " + facts.logMode() + " mode, so the redo it has already overwritten is gone before it can "
                    + "be mined. As SYSDBA in " + root(facts) + ": SHUTDOWN IMMEDIATE; STARTUP MOUNT; ALTER DATABASE ARCHIVELOG; "
                    + "ALTER DATABASE OPEN; (and size the fast recovery area, DB_RECOVERY_FILE_DEST_SIZE, for the archive logs).");
        }
        if (!facts.minimalSupplementalLogging()) {
            problems.add("Minimal supplemental logging is off, so the redo lacks what LogMiner needs to rebuild changed rows. As SYSDBA in "
                    + root(facts) + ": ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;");
        }
        if (facts.container() && !"CDB$ROOT".equalsIgnoreCase(facts.sessionContainer())) {
            problems.add("The session is in container " + facts.sessionContainer() + ", but LogMiner runs in the container database's root. "
                    + "Set database to the container database's service (e.g. ORCLCDB), not a pluggable database's; the tables' pluggable "
                    + "database is the first part of 'tables'.");
        }
        if (facts.container() && facts.pluggableDatabases().stream().noneMatch(pdb -> pdb.equalsIgnoreCase(tablesDatabase))) {
            problems.add("Option 'tables' names pluggable database " + tablesDatabase + ", which the container database does not have; it "
                    + "has " + String.join(", ", new TreeSet<>(facts.pluggableDatabases())) + ".");
        }
        List<String> missing = missingPrivileges(facts);
        if (lacksPrivileges(facts)) {
            String scope = facts.container() ? " CONTAINER=ALL" : "";
            StringBuilder grants = new StringBuilder();
            if (!missing.isEmpty()) {
                grants.append("GRANT ").append(String.join(", ", missing)).append(" TO ").append(user).append(scope).append(";");
            }
            for (String view : facts.unreadableViews().stream().sorted().toList()) {
                grants.append(grants.isEmpty() ? "" : " ").append("GRANT SELECT ON ").append(view.replace("V$", "V_$")).append(" TO ")
                        .append(user).append(scope).append(";");
            }
            problems.add("User " + user + " lacks what mining the redo log and reading tables as of an SCN need"
                    + (missing.isEmpty() ? "" : ": the privileges " + String.join(", ", missing))
                    + (facts.unreadableViews().isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + "SELECT on "
                            + String.join(", ", new TreeSet<>(facts.unreadableViews())))
                    + ". As SYSDBA in " + root(facts) + ": " + grants);
        }
        if (!facts.allColumnsLogging() && !facts.tablesWithoutAllColumnsLogging().isEmpty()) {
            StringBuilder statements = new StringBuilder();
            for (TableId table : facts.tablesWithoutAllColumnsLogging()) {
                statements.append(statements.isEmpty() ? "" : " ").append("ALTER TABLE ").append(table.schema().orElseThrow()).append('.')
                        .append(table.table()).append(" ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;");
            }
            problems.add("Table" + (facts.tablesWithoutAllColumnsLogging().size() == 1 ? " " : "s ") + names(facts.tablesWithoutAllColumnsLogging())
                    + " log" + (facts.tablesWithoutAllColumnsLogging().size() == 1 ? "s" : "") + " only the changed columns, so an update "
                    + "would arrive without its unchanged values. In " + (facts.container() ? "pluggable database " + tablesDatabase : "the database")
                    + ": " + statements + " (or, for every table, in " + root(facts) + ": ALTER DATABASE ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS;)");
        }
        return problems;
    }

    /** Fails with every problem {@link #problems} finds, or returns when there is none. */
    public static void require(Facts facts, String user, String tablesDatabase, String server) {
        List<String> problems = problems(facts, user, tablesDatabase);
        if (problems.isEmpty()) {
            return;
        }
        boolean privilegesOnly = problems.size() == 1 && lacksPrivileges(facts);
        throw new TributaryException(privilegesOnly ? ErrorCode.SOURCE_PRIVILEGE_MISSING : ErrorCode.SOURCE_MISCONFIGURED, "Oracle at "
                + server + " is not ready for change data capture:" + (problems.size() == 1 ? " " + problems.get(0)
                        : String.join("", problems.stream().map(p -> "\n  - " + p).toList())));
    }

    /**
     * Reads the facts on {@code connection}, a session in the container's root (or the database),
     * for {@code tables} of pluggable database {@code tablesDatabase}.
     */
    public static Facts load(Connection connection, String tablesDatabase, Collection<TableId> tables) throws SQLException {
        String logMode;
        boolean minimal;
        boolean all;
        boolean container;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT LOG_MODE, SUPPLEMENTAL_LOG_DATA_MIN, SUPPLEMENTAL_LOG_DATA_ALL, CDB FROM V$DATABASE")) {
            rs.next();
            logMode = rs.getString(1);
            minimal = !"NO".equalsIgnoreCase(rs.getString(2));
            all = "YES".equalsIgnoreCase(rs.getString(3));
            container = "YES".equalsIgnoreCase(rs.getString(4));
        }
        String sessionContainer = single(connection, "SELECT SYS_CONTEXT('USERENV', 'CON_NAME') FROM DUAL").orElse("");
        Set<String> pdbs = container ? column(connection, "SELECT NAME FROM V$PDBS") : Set.of();
        Set<String> privileges = column(connection, "SELECT PRIVILEGE FROM SESSION_PRIVS");
        Set<String> unreadable = new LinkedHashSet<>();
        for (String view : VIEWS) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1 FROM " + view + " WHERE ROWNUM < 1").close();
            } catch (SQLException e) {
                unreadable.add(view);
            }
        }
        List<TableId> withoutLogging = new ArrayList<>();
        if (!all) {
            Set<String> logged = column(connection, "SELECT OWNER || '.' || TABLE_NAME FROM CDB_LOG_GROUPS WHERE LOG_GROUP_TYPE = 'ALL COLUMN"
                    + " LOGGING'" + (container ? " AND CON_ID = (SELECT CON_ID FROM V$PDBS WHERE NAME = '" + tablesDatabase.replace("'", "''")
                            + "')" : ""));
            for (TableId table : tables) {
                if (!logged.contains(table.schema().orElseThrow() + "." + table.table())) {
                    withoutLogging.add(table);
                }
            }
        }
        return new Facts(logMode, minimal, all, container, sessionContainer, pdbs, privileges, unreadable, withoutLogging);
    }

    private static Optional<String> single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    private static Set<String> column(Connection connection, String sql) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The system privileges of {@link #SYSTEM_PRIVILEGES} the session lacks ({@code SET CONTAINER} only where there are containers). */
    private static List<String> missingPrivileges(Facts facts) {
        return SYSTEM_PRIVILEGES.stream().filter(p -> !facts.privileges().contains(p))
                .filter(p -> facts.container() || !p.equals("SET CONTAINER")).toList();
    }

    private static boolean lacksPrivileges(Facts facts) {
        return !missingPrivileges(facts).isEmpty() || !facts.unreadableViews().isEmpty();
    }

    private static String root(Facts facts) {
        return facts.container() ? "CDB$ROOT" : "the database";
    }

    private static String names(List<TableId> tables) {
        return String.join(", ", tables.stream().map(t -> t.schema().orElseThrow() + "." + t.table()).toList());
    }
}
