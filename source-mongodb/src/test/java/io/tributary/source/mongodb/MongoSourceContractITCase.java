package io.tributary.source.mongodb;

import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The source contract on the in-build MongoDB server (mongo-java-server with its oplog on). */
class MongoSourceContractITCase extends SourceContractScenarios {
    private static TestingMongoServer server;
    private static MongoSourceUnderTest source;

    @BeforeAll
    static void startServer() {
        server = TestingMongoServer.start();
        source = new MongoSourceUnderTest(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected SourceUnderTest sourceUnderTest() {
        return source;
    }

    /**
     * A collection is keyed by _id alone and has no columns to add. Updates carry the document as
     * looked up when the change is read (updateLookup), which may already hold later updates: a
     * consumer may see a version twice or skip one, while the target converges.
     */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.TIMESTAMP, StartupMode.SNAPSHOT)
                .withoutCompositeKeys().withoutSchemaChanges().withoutChunkKeyColumnForKeylessTables().withoutExactHandoff()
                .withoutStreamingDuringSnapshot();
    }
}
