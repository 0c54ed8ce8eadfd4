package io.tributary.source.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-memory MongoDB wire-protocol server (mongo-java-server) with its oplog on, so that
 * collection-level change streams work, on a free port of 127.0.0.1.
 */
final class TestingMongoServer implements AutoCloseable {
    private final MongoServer server;
    private final InetSocketAddress address;

    private TestingMongoServer() {
        server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        address = server.bind();
    }

    static TestingMongoServer start() {
        return new TestingMongoServer();
    }

    /** host:port, as the {@code hosts} option takes it. */
    String hosts() {
        return "127.0.0.1:" + address.getPort();
    }

    MongoClient client() {
        return MongoClients.create("mongodb://" + hosts());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
