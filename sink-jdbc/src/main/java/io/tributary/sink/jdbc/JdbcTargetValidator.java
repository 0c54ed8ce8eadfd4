package io.tributary.sink.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks, without changing anything, that the sink can reach the target and create its tables. */
final class JdbcTargetValidator {
    private final JdbcSinkConfig config;
    private final JdbcConnector connector;

    JdbcTargetValidator(JdbcSinkConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.connector = new JdbcConnector(config, JdbcDialect.forUrl(config.url()));
    }

    List<String> validate() {
        JdbcDialect dialect = connector.dialect();
        try (Connection connection = connector.openOrFail()) {
            List<String> findings = new ArrayList<>();
            DatabaseMetaData metaData = connection.getMetaData();
            String namespace = dialect.defaultNamespace(connection);
            findings.add(metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion() + " at "
                    + connector.hostAndPort() + ", connected as " + config.userForMessages());
            findings.add("tables without a schema or database part go to " + namespace);
            if (config.tableCreateEnabled()) {
                Optional<Boolean> canCreate = dialect.canCreateTables(connection, namespace);
                if (canCreate.isPresent() && !canCreate.get()) {
                    connection.rollback();
                    throw new TributaryException(ErrorCode.SINK_PRIVILEGE_MISSING, "User " + config.userForMessages() + " cannot create tables in "
                            + namespace + " on " + connector.hostAndPort() + ". Have an administrator run: "
                            + dialect.grantCreateTables(connection, namespace) + "; or create the tables beforehand and set"
                            + " table.create.enabled: false.");
                }
                findings.add(canCreate.isPresent() ? "user can create tables in " + namespace
                        : "could not verify that the user can create tables in " + namespace);
            } else {
                findings.add("table creation is off: every target table must exist");
            }
            connection.rollback();
            return findings;
        } catch (SQLException e) {
            throw new TributaryException(ErrorCode.SINK_UNREACHABLE, "Checking the " + dialect.name() + " target at " + connector.hostAndPort()
                    + " failed: " + e.getMessage() + "; check url and the user's access to the database.", e);
        }
    }
}
