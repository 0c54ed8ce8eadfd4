package io.tributary.source.postgres;

import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import io.tributary.core.testing.TestingPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The source contract on an embedded PostgreSQL server. */
class PostgresSourceContractITCase extends SourceContractScenarios {
    private static TestingPostgresServer server;
    private static PostgresSourceUnderTest source;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start();
        source = new PostgresSourceUnderTest(server);
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

    /** No earliest-offset, specific-offset or timestamp start: a replication slot streams from where it was created. */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.SNAPSHOT);
    }
}
