package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * The parsed options of one JDBC sink, as shipped to its writers.
 *
 * @param url the JDBC URL as the user wrote it
 * @param driverProperties properties for the driver, including {@code user} and {@code password}
 * @param bufferFlushMaxRows row changes buffered before an intermediate write
 * @param maxRetries retries of a transient write failure
 * @param tableCreateEnabled whether missing tables are created
 * @param dropTableEnabled whether a source DROP TABLE drops the target table
 * @param dropColumnEnabled whether a source DROP COLUMN drops the target column (else it is kept, nullable)
 * @param toleratesSchemaChangeFailures whether a schema change the target refuses leaves the table as it is
 *     ({@code schema.change.behavior: try_evolve}) instead of failing the pipeline
 */
public record JdbcSinkConfig(
        String url,
        Map<String, String> driverProperties,
        int bufferFlushMaxRows,
        int maxRetries,
        boolean tableCreateEnabled,
        boolean dropTableEnabled,
        boolean dropColumnEnabled,
        boolean toleratesSchemaChangeFailures)
        implements Serializable {

    /** A sink that fails on a schema change the target refuses. */
    public JdbcSinkConfig(String url, Map<String, String> driverProperties, int bufferFlushMaxRows, int maxRetries, boolean tableCreateEnabled,
            boolean dropTableEnabled, boolean dropColumnEnabled) {
        this(url, driverProperties, bufferFlushMaxRows, maxRetries, tableCreateEnabled, dropTableEnabled, dropColumnEnabled, false);
    }

    public JdbcSinkConfig toleratingSchemaChangeFailures(boolean tolerates) {
        return new JdbcSinkConfig(url, driverProperties, bufferFlushMaxRows, maxRetries, tableCreateEnabled, dropTableEnabled, dropColumnEnabled, tolerates);
    }

    public JdbcSinkConfig {
        requireNonNull(url, "url is null");
        driverProperties = Map.copyOf(requireNonNull(driverProperties, "driverProperties is null"));
        if (bufferFlushMaxRows < 1) {
            throw new IllegalArgumentException("bufferFlushMaxRows must be at least 1, was " + bufferFlushMaxRows);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
    }

    /** The user name the sink connects as, or a placeholder for logs when none is configured. */
    public String userForMessages() {
        return driverProperties.getOrDefault("user", "(driver default)");
    }

    public Properties driverPropertiesCopy() {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        return properties;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "JdbcSinkConfig[url=" + url + ", user=" + userForMessages() + ", bufferFlushMaxRows=" + bufferFlushMaxRows
                + ", maxRetries=" + maxRetries + ", tableCreateEnabled=" + tableCreateEnabled
                + ", dropTableEnabled=" + dropTableEnabled + ", dropColumnEnabled=" + dropColumnEnabled
                + ", toleratesSchemaChangeFailures=" + toleratesSchemaChangeFailures + "]";
    }
}
