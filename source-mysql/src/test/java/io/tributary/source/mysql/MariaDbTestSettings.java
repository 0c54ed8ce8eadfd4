package io.tributary.source.mysql;

import io.tributary.core.testing.TestingMariaDbServer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** Source settings for a test server, snapshot mode, as a pipeline file would hold them. */
final class MariaDbTestSettings {
    private MariaDbTestSettings() {}

    static Map<String, String> snapshotOf(TestingMariaDbServer server, String tables) {
        Map<String, String> settings = new HashMap<>();
        settings.put("hostname", "127.0.0.1");
        settings.put("port", Integer.toString(server.port()));
        settings.put("username", TestingMariaDbServer.ADMIN);
        settings.put("password", TestingMariaDbServer.ADMIN_PASSWORD);
        settings.put("tables", tables);
        settings.put("scan.startup.mode", "snapshot");
        return settings;
    }

    static MySqlSourceOptions options(Map<String, String> settings) {
        return MySqlSourceOptions.from(Configuration.fromMap(settings));
    }
}
