package io.tributary.source.mongodb;

import org.junit.jupiter.api.AfterAll;

/** The source contract on a real MongoDB 7.0 replica set in Docker; skipped where no Docker engine runs. */
class MongoReplicaSet70ContractITCase extends RealReplicaSetContract {
    private static final String IMAGE = "mongo:7.0";

    @Override
    protected String image() {
        return IMAGE;
    }

    @AfterAll
    static void stopServer() {
        stop(IMAGE);
    }
}
