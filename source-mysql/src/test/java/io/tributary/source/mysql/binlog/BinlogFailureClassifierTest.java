package io.tributary.source.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.network.ServerException;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.mysql.BinlogPosition;
import java.io.EOFException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's replies (as MariaDB and MySQL word them) and what the user is told to do. */
class BinlogFailureClassifierTest {
    private static final BinlogPosition POSITION = new BinlogPosition("mariadb-bin.000007", 1234, Optional.empty());
    private final BinlogFailureClassifier classifier = new BinlogFailureClassifier("db:3306", 5401, "cdc");

    @Test
    void aPurgedPositionIsLostAndTheUserIsToldToSnapshotAgain() {
        TributaryException e = classifier.classify(new ServerException("Could not find first log file name in binary log index file", 1236, "HY000"),
                POSITION);
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_POSITION_LOST);
        assertThat(e).hasMessageContaining("mariadb-bin.000007:1234").hasMessageContaining("db:3306")
                .hasMessageContaining("scan.startup.mode: initial").hasMessageContaining("binlog_expire_logs_seconds");
    }

    @Test
    void aServerIdInUseIsAMisconfiguration() {
        TributaryException e = classifier.classify(new ServerException("A slave with the same server_uuid/server_id as this slave has connected "
                + "to the master", 1236, "HY000"), POSITION);
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED);
        assertThat(e).hasMessageContaining("server-id 5401").hasMessageContaining("option server-id");
    }

    @Test
    void aMissingGrantNamesTheUserAndTheGrant() {
        TributaryException e = classifier.classify(new ServerException("Access denied; you need (at least one of) the REPLICATION SLAVE "
                + "privilege(s) for this operation", 1227, "42000"), POSITION);
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_PRIVILEGE_MISSING);
        assertThat(e).hasMessageContaining("user 'cdc'").hasMessageContaining("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.*");
    }

    @Test
    void aFailedTlsHandshakeNamesTheTlsSettings() {
        TributaryException e = classifier.classify(new java.io.IOException("upgrade failed",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed")), POSITION);
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNREACHABLE);
        assertThat(e).hasMessageContaining("binlog connection to db:3306").hasMessageContaining("TLS handshake failed (PKIX path building failed)")
                .hasMessageContaining("jdbc.properties.*: serverSslCert");
    }

    @Test
    void anythingElseFailsTheReadAndRestartsFromTheCheckpoint() {
        EOFException broken = new EOFException("Failed to read remaining 4 of 7 bytes");
        TributaryException e = classifier.classify(broken, POSITION);
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED);
        assertThat(e).hasMessage("Reading the binlog of db:3306 at " + POSITION + " failed: Failed to read remaining 4 of 7 bytes. "
                + "The pipeline restarts from its last checkpoint.").hasCause(broken);
    }

    @Test
    void aTributaryExceptionIsAlreadyClassified() {
        TributaryException original = new TributaryException(ErrorCode.SOURCE_READ_FAILED, "told already");
        assertThat(classifier.classify(original, POSITION)).isSameAs(original);
    }
}
