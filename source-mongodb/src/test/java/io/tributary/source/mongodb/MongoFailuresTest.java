package io.tributary.source.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.HashMap;
import org.apache.flink.configuration.Configuration;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/** The driver's own exceptions, as a real server raises them, turned into errors that say what to do. */
class MongoFailuresTest {
    private final MongoConnections connections = new MongoConnections(MongoSourceOptions.from(Configuration.fromMap(new HashMap<>(
            java.util.Map.of("hosts", "db1:27017", "collection", "shop\\.orders", "username", "cdc", "password", "secret")))));

    @Test
    void aRefusedPrivilegeNamesTheUserThePrivilegeAndTheGrant() {
        TributaryException error = MongoFailures.classify(commandFailure(13, "not authorized on shop to execute command { find: \"orders\" }"),
                connections, "read collection shop.orders", "find");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_PRIVILEGE_MISSING);
        assertThat(error).hasMessageContaining("user 'cdc' lacks the find privilege").hasMessageContaining("grantRolesToUser");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        MongoSecurityException refused = new MongoSecurityException(MongoCredential.createCredential("cdc", "admin", "wrong".toCharArray()),
                "Exception authenticating MongoCredential{mechanism=SCRAM-SHA-256, userName='cdc', source='admin'}",
                commandFailure(18, "Authentication failed."));
        TributaryException error = MongoFailures.classify(refused, connections, "connect", "(none)");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_AUTHENTICATION_FAILED);
        assertThat(error).hasMessageContaining("authSource");
    }

    @Test
    void aStandaloneServerIsNotAReplicaSet() {
        TributaryException error = MongoFailures.classify(commandFailure(40573, "The $changeStream stage is only supported on replica sets"),
                connections, "open the change stream of shop.orders", "changeStream");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED);
        assertThat(error).hasMessageContaining("--replSet").hasMessageContaining("rs.initiate()");
    }

    @Test
    void noServerAnsweringIsUnreachable() {
        TributaryException error = MongoFailures.classify(new MongoTimeoutException("Timed out while waiting for a server that matches "
                + "ReadPreferenceServerSelector{readPreference=primary}"), connections, "connect", "(none)");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_UNREACHABLE);
        assertThat(error).hasMessageContaining("MongoDB at db1:27017");
    }

    @Test
    void anEventOverSixteenMegabytesSaysWhatToDo() {
        TributaryException error = MongoFailures.classify(commandFailure(10334, "BSONObj size: 17825792 (0x1100000) is invalid"),
                connections, "read the change stream", "changeStream");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_READ_FAILED);
        assertThat(error).hasMessageContaining("16 MB").hasMessageContaining("scan.change-stream.split-large-event.enabled: true")
                .hasMessageContaining("MongoDB 6.0.9 or later");
    }

    @Test
    void aServerThatDoesNotKnowTheSplitStageSaysToUpgradeOrTurnItOff() {
        TributaryException error = MongoFailures.classify(commandFailure(40324, "Unrecognized pipeline stage name: '$changeStreamSplitLargeEvent'"),
                connections, "open the change stream of shop.orders", "changeStream");
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED);
        assertThat(error).hasMessageContaining("6.0.9").hasMessageContaining("set it to false");
    }

    @Test
    void splittingLargeEventsIsRefusedOnServersOlderThan609() {
        MongoSourceValidator.checkSplitLargeEvents(connections, "6.0.9");
        MongoSourceValidator.checkSplitLargeEvents(connections, "7.0.2-rc0");
        MongoSourceValidator.checkSplitLargeEvents(connections, "8.0.4");
        for (String older : java.util.List.of("6.0.8", "5.0.26", "4.4.29", "6", "unknown")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MongoSourceValidator.checkSplitLargeEvents(connections, older))
                    .as(older).isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_MISCONFIGURED))
                    .hasMessageContaining("runs MongoDB " + older).hasMessageContaining("6.0.9 and later")
                    .hasMessageContaining("Upgrade the deployment, or set the option to false");
        }
    }

    @Test
    void aResumePointTheOplogNoLongerHoldsIsLostWithItsTimeTheOldestEntryAndTheWayBack() {
        MongoCommandException lost = commandFailure(286, "Error on remote shard :: caused by :: Resume of change stream was not possible, "
                + "as the resume point may no longer be in the oplog.");
        assertThat(MongoFailures.isHistoryLost(lost)).isTrue();
        assertThat(MongoFailures.isHistoryLost(commandFailure(280, "cannot resume stream; the resume token was not found"))).isTrue();
        assertThat(MongoFailures.isHistoryLost(commandFailure(13, "not authorized"))).isFalse();

        ChangeStreamPosition resumePoint = ChangeStreamPosition.ofEvent(new org.bson.BsonTimestamp(1_705_636_547, 1), 0, "8265A9F2C3000000012B");
        TributaryException error = MongoFailures.positionLost(connections, resumePoint,
                java.util.Optional.of(ChangeStreamPosition.atTime(new org.bson.BsonTimestamp(1_705_700_000, 3))), lost);
        assertThat(error.code()).isEqualTo(ErrorCode.SOURCE_POSITION_LOST);
        assertThat(error.code().isFatal()).isTrue();
        assertThat(error).hasMessageContaining("Timestamp(1705636547, 1)").hasMessageContaining("2024-01-19T03:55:47Z")
                .hasMessageContaining("oldest entry now: Timestamp(1705700000, 3)").hasMessageContaining("delete the pipeline's state directory")
                .hasMessageContaining("scan.startup.mode: initial");
    }

    private static MongoCommandException commandFailure(int code, String message) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString(message)).append("code", new BsonInt32(code));
        return new MongoCommandException(response, new ServerAddress("db1", 27017));
    }
}
