package io.tributary.it;

import io.tributary.core.runtime.BackgroundPipeline;
import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** Waits for a count over a PostgreSQL target to reach a value while an in-process pipeline runs. */
final class TargetCount {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private TargetCount() {}

    /** Polls {@code countQuery} on {@code database} until it returns {@code expected}; fails when the pipeline does or after 90 s. */
    static void await(TestingPostgresServer server, String database, BackgroundPipeline pipeline, String countQuery, long expected, String what)
            throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            if (pipeline.failure().isPresent()) {
                throw new AssertionError("the pipeline failed", pipeline.failure().get());
            }
            try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(countQuery)) {
                rs.next();
                seen = rs.getLong(1);
                if (seen == expected) {
                    return;
                }
            } catch (SQLException e) {
                // the tables or columns may not exist yet
            }
            Thread.sleep(200); // polling the target
        }
        throw new AssertionError(what + " did not reach the target within " + TIMEOUT.toSeconds() + " s (" + seen + " of " + expected + ")");
    }
}
