package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;

/** Opens clients to the configured deployment; serializable, so each process opens its own. */
public final class MongoConnections implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int DEFAULT_SERVER_SELECTION_SECONDS = 10;

    private final MongoSourceOptions options;

    public MongoConnections(MongoSourceOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** A new client; the caller closes it. Connects lazily: failures surface on the first operation. */
    public MongoClient open() {
        ConnectionString connection = new ConnectionString(options.connectionString());
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection)
                .applicationName("tributary");
        if (connection.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(DEFAULT_SERVER_SELECTION_SECONDS, TimeUnit.SECONDS));
        }
        if (options.username().isPresent()) {
            String source = connection.getCredential() != null ? connection.getCredential().getSource() : "admin";
            settings.credential(MongoCredential.createCredential(options.username().get(), source == null ? "admin" : source,
                    options.password().orElse("").toCharArray()));
        }
        return MongoClients.create(settings.build());
    }

    /** The deployment as logs and errors name it, without credentials. */
    public String describeServer() {
        ConnectionString connection = new ConnectionString(options.connectionString());
        return "MongoDB at " + String.join(",", connection.getHosts());
    }

    public String username() {
        return options.username().orElseGet(() -> {
            ConnectionString connection = new ConnectionString(options.connectionString());
            return connection.getUsername() == null ? "(none)" : connection.getUsername();
        });
    }
}
