package io.tributary.source.mysql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The source contract on MySQL 8.4 in Docker, GTIDs on. Where no Docker engine runs, every
 * scenario is reported as skipped with that reason.
 */
class MySql8SourceContractITCase extends SourceContractScenarios {
    private static MySQLContainer<?> mysql;
    private static MySqlSourceUnderTest source;

    @BeforeAll
    static void startServer() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return; // each scenario is then reported as skipped, with the reason
        }
        mysql = new MySQLContainer<>(DockerImageName.parse("mysql:8.4")).withUsername("cdc").withPassword("cdc-secret")
                .withCommand("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1", "--gtid-mode=ON",
                        "--enforce-gtid-consistency=ON");
        mysql.start();
        // The root account creates the tests' databases and reads the binlog.
        source = new MySqlSourceUnderTest(new MySqlSourceUnderTest.Server(mysql.getHost(), mysql.getMappedPort(3306), "root", "cdc-secret",
                "jdbc:mysql://" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/", "?allowPublicKeyRetrieval=true&useSSL=false", false));
    }

    @AfterAll
    static void stopServer() {
        if (mysql != null) {
            mysql.stop();
        }
    }

    @Override
    protected SourceUnderTest sourceUnderTest() {
        assumeTrue(source != null, "needs a Docker engine to run MySQL 8.4 and none runs here");
        return source;
    }

    /**
     * Not exact at the handoff: on MySQL a chunk's rows are compared against the snapshot epoch's
     * binlog position, taken before the chunk's transaction, so a change the chunk already holds
     * can be emitted again (source-mysql README, "Not done yet").
     */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.EARLIEST_OFFSET,
                StartupMode.SPECIFIC_OFFSET, StartupMode.TIMESTAMP, StartupMode.SNAPSHOT).withoutExactHandoff();
    }
}
