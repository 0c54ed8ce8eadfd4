package io.tributary.source.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The errors a user reads when Oracle refuses: each names the cause and what to do. The exceptions
 * are shaped as the Oracle driver raises them: the server's ORA- number as the vendor code, and
 * for a connection the listener refused, the driver's I/O error code 17002 with the listener's
 * ORA- number in the message.
 */
class OracleFailuresTest {
    private static final String SERVER = "db.example:1521/ORCLCDB";

    @Test
    void wrongPasswordIsAnAuthenticationFailureThatMentionsCommonUsers() {
        TributaryException error = OracleFailures.connectFailure(new SQLException("ORA-01017: invalid credential or not authorized; logon "
                + "denied", "72000", 1017), SERVER, "c##cdc", 30);

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_AUTHENTICATION_FAILED);
        assertThat(error.getMessage()).contains("Oracle at db.example:1521/ORCLCDB rejected user 'c##cdc'", "common user");
    }

    @Test
    void aLockedAccountSaysHowToUnlockIt() {
        TributaryException error = OracleFailures.connectFailure(new SQLException("ORA-28000: The account is locked.", "99999", 28000), SERVER,
                "c##cdc", 30);

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_AUTHENTICATION_FAILED);
        assertThat(error.getMessage()).contains("ALTER USER c##cdc ACCOUNT UNLOCK;");
    }

    @Test
    void aUserWithoutCreateSessionIsToldTheGrant() {
        TributaryException error = OracleFailures.connectFailure(new SQLException("ORA-01045: Login denied. User C##CDC does not have "
                + "CREATE SESSION privilege.", "99999", 1045), SERVER, "c##cdc", 30);

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_PRIVILEGE_MISSING);
        assertThat(error.getMessage()).contains("GRANT CREATE SESSION TO c##cdc CONTAINER=ALL;");
    }

    @Test
    void anUnknownServiceIsReadFromTheListenersMessage() {
        SQLRecoverableException refused = new SQLRecoverableException("IO Error: ORA-12514: Cannot connect to database. Service ORCLPDB9 is "
                + "not registered with the listener at host db.example port 1521.", "08006", 17002);

        TributaryException error = OracleFailures.connectFailure(refused, SERVER, "c##cdc", 30);

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_UNREACHABLE);
        assertThat(error.getMessage()).contains("knows no such service", "lsnrctl services");
    }

    @Test
    void anythingElseWhenConnectingPointsAtHostPortAndTimeout() {
        SQLRecoverableException down = new SQLRecoverableException("IO Error: The Network Adapter could not establish the connection",
                "08006", 17002);

        TributaryException error = OracleFailures.connectFailure(down, SERVER, "c##cdc", 45);

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_UNREACHABLE);
        assertThat(error.getMessage()).contains("Check hostname and port", "connect.timeout (45s)");
    }

    @Test
    void snapshotTooOldNamesTheScnAndTheUndoRetention() {
        Optional<TributaryException> error = OracleFailures.snapshotReadFailure(new SQLException("ORA-01555: snapshot too old: rollback "
                + "segment number 9 with name \"_SYSSMU9$\" too small", "72000", 1555), "INVENTORY.ORDERS", 4_711_000L);

        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED);
            assertThat(e.getMessage()).contains("as of SCN 4711000", "UNDO_RETENTION", "scan.incremental.snapshot.chunk.size");
        });
    }

    @Test
    void aMissingFlashbackGrantIsAPrivilegeWithItsGrant() {
        Optional<TributaryException> error = OracleFailures.snapshotReadFailure(new SQLException("ORA-01031: insufficient privileges", "42000",
                1031), "INVENTORY.ORDERS", 42L);

        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_PRIVILEGE_MISSING);
            assertThat(e.getMessage()).contains("GRANT SELECT, FLASHBACK ON INVENTORY.ORDERS TO <user>;");
        });
    }

    @Test
    void otherReadFailuresAreLeftToTheCaller() {
        assertThat(OracleFailures.snapshotReadFailure(new SQLException("ORA-00600: internal error code", "XX000", 600), "T", 1L)).isEmpty();
    }

    @Test
    void aLostPositionNamesBothScnsAndHowToStartOver() {
        TributaryException error = OracleFailures.positionLost(4_711L, Optional.of(9_000L), new SQLException("ORA-01291: missing log file",
                "72000", 1291));

        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_POSITION_LOST);
        assertThat(error.getMessage()).contains("at SCN 4711", "oldest available starts at SCN 9000", "new --state-dir", "tributary snapshot");
        assertThat(OracleFailures.isLogFileMissing((SQLException) error.getCause())).isTrue();
    }

    @Test
    void anUnknownPluggableDatabaseListsWhereToLook() {
        SQLException e = new SQLException("ORA-65011: Pluggable database ORCLPDB9 does not exist.", "99999", 65011);

        assertThat(OracleFailures.isNoSuchPluggableDatabase(e)).isTrue();
        assertThat(OracleFailures.noSuchPluggableDatabase("ORCLPDB9", e).getMessage()).contains("SELECT NAME FROM V$PDBS");
    }
}
