package io.tributary.source.oracle;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;

/**
 * The source contract on Oracle Database Free 23ai in Docker (archive log mode, LogMiner through
 * Debezium's connector). Where no Docker engine runs, every scenario is reported as skipped with
 * that reason.
 */
class OracleSourceContractITCase extends SourceContractScenarios {
    static final String NO_DOCKER = "needs a Docker engine to run Oracle Database Free and none runs here";

    private static OracleFreeServer oracle;
    private static OracleSourceUnderTest source;

    @BeforeAll
    static void startServer() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // each scenario is then reported as skipped, with the reason
        }
        oracle = OracleFreeServer.start();
        source = new OracleSourceUnderTest(oracle);
    }

    @AfterAll
    static void stopServer() {
        if (oracle != null) {
            oracle.close();
        }
    }

    @Override
    protected SourceUnderTest sourceUnderTest() {
        assumeTrue(source != null, NO_DOCKER);
        return source;
    }

    /**
     * No earliest-offset (Oracle keeps no log from its beginning; the option is refused). The
     * stream starts once every chunk is read (OracleDialect.readsChunksBesideTheStream).
     */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.SPECIFIC_OFFSET,
                StartupMode.TIMESTAMP, StartupMode.SNAPSHOT).withoutStreamingDuringSnapshot();
    }
}
