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
     * A collection is keyed by _id alone and has no columns to add; chunk markers are cluster times
     * taken before each chunk's query and updates carry the document looked up when read, so a
     * change made while a chunk was read may reach the target twice (it converges).
     */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.TIMESTAMP, StartupMode.SNAPSHOT)
                .withoutCompositeKeys().withoutSchemaChanges().withoutChunkKeyColumnForKeylessTables().withoutExactHandoff();
    }
}
