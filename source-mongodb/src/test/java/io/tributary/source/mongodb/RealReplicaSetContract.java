package io.tributary.source.mongodb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClients;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.SourceCapabilities;
import io.tributary.core.source.contract.SourceContractScenarios;
import io.tributary.core.source.contract.SourceUnderTest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The source contract on a real one-member replica set of the given MongoDB image in Docker. Where
 * no Docker engine runs, every scenario is reported as skipped with that reason.
 */
abstract class RealReplicaSetContract extends SourceContractScenarios {
    private static final Map<String, MongoSourceUnderTest> SOURCES = new ConcurrentHashMap<>();
    private static final Map<String, MongoDBContainer> CONTAINERS = new ConcurrentHashMap<>();

    /** The image, e.g. {@code mongo:7.0}. */
    protected abstract String image();

    @Override
    protected SourceUnderTest sourceUnderTest() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "needs a Docker engine to run " + image() + " and none runs here");
        return SOURCES.computeIfAbsent(image(), image -> {
            MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(image));
            container.start();
            CONTAINERS.put(image, container);
            String hosts = container.getHost() + ":" + container.getMappedPort(27017);
            // The member's own address is the container's; reach it directly through the mapped port.
            return new MongoSourceUnderTest(hosts, "directConnection=true", MongoClients.create("mongodb://" + hosts + "/?directConnection=true"));
        });
    }

    /** As on the in-build server: updates carry looked-up documents, collections have no composite keys or columns to add. */
    @Override
    protected SourceCapabilities capabilities() {
        return SourceCapabilities.withStartupModes(StartupMode.INITIAL, StartupMode.LATEST_OFFSET, StartupMode.TIMESTAMP, StartupMode.SNAPSHOT)
                .withoutCompositeKeys().withoutSchemaChanges().withoutChunkKeyColumnForKeylessTables().withoutExactHandoff();
    }

    static void stop(String image) {
        MongoDBContainer container = CONTAINERS.remove(image);
        SOURCES.remove(image);
        if (container != null) {
            container.stop();
        }
    }
}
