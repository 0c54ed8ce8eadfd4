package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.metrics.SinkMetrics;
import io.tributary.core.model.Event;
import io.tributary.core.model.TableId;
import io.tributary.core.schema.SchemaBehaviorScenario;
import io.tributary.core.schema.SchemaChangeBehavior;
import io.tributary.core.testing.TestingPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each {@code schema.change.behavior} and the include/exclude lists, applied by the JDBC sink to a
 * PostgreSQL table: the {@link SchemaBehaviorScenario}'s changes as the pipeline passes them on,
 * and the table that results.
 */
class SchemaChangeBehaviorsITCase {
    private static final TableId SINK_TABLE = TableId.ofSchemaTable("public", "people");
    private static TestingPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = TestingPostgresServer.start(false);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void lenientKeepsEveryColumnAndRowAndWidensTheChangedType() throws Exception {
        run("lenient", SchemaChangeBehavior.LENIENT, Map.of());
        assertThat(columns("lenient")).containsExactly("id bigint NO", "name character varying(20) YES", "channel character varying(20) YES 'web'",
                "origin text YES");
        assertThat(rows("lenient")).containsExactly("1|ann|web|null", "2|bob|web|null", "3|cid|shop|null", "4|null|app|null", "5|null|web|mail",
                "6|null|web|post", "7|null|web|42");
    }

    @Test
    void evolveAppliesEachChangeAndFailsOnTheOneTheTargetRefuses() throws Exception {
        Throwable failure = catchThrowable(() -> run("evolve", SchemaChangeBehavior.EVOLVE, Map.of()));
        TributaryException refused = TributaryException.findIn(failure).orElseThrow(() -> new AssertionError("no TributaryException in", failure));
        assertThat(refused.code()).as("a change the target cannot make ends the run at once").isEqualTo(ErrorCode.SINK_SCHEMA_CHANGE_FAILED);
        assertThat(refused).hasMessageContaining("origin");
        assertThat(columns("evolve")).as("the sink keeps a dropped column unless told to drop it")
                .containsExactly("id bigint NO", "name character varying(20) YES", "origin character varying(20) YES 'web'");
        assertThat(rows("evolve")).as("rows before the truncate are gone").containsExactly("6|null|post");
    }

    @Test
    void tryEvolveKeepsTheTableAsItIsWhenTheTargetRefusesAChange() throws Exception {
        run("try_evolve", SchemaChangeBehavior.TRY_EVOLVE, Map.of());
        assertThat(columns("try_evolve")).containsExactly("id bigint NO", "name character varying(20) YES", "origin character varying(20) YES 'web'");
        assertThat(rows("try_evolve")).containsExactly("6|null|post", "7|null|42");
    }

    @Test
    void ignoreKeepsTheTableAsItWasCreated() throws Exception {
        run("ignore", SchemaChangeBehavior.IGNORE, Map.of());
        assertThat(columns("ignore")).containsExactly("id bigint NO", "name character varying(20) YES");
        assertThat(rows("ignore")).containsExactly("1|ann", "2|bob", "3|cid", "4|null", "5|null", "6|null", "7|null");
    }

    @Test
    void exceptionStopsAtTheFirstChangeNamingIt() throws Exception {
        assertThatThrownBy(() -> run("exception", SchemaChangeBehavior.EXCEPTION, Map.of()))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_CHANGE_REFUSED))
                .hasMessageContaining("app.public.people changed: ADD COLUMN channel VARCHAR(20) DEFAULT 'web'");
        assertThat(rows("exception")).containsExactly("1|ann", "2|bob");
    }

    @Test
    void excludedKindsAreNotApplied() throws Exception {
        run("excluded", SchemaChangeBehavior.EVOLVE, Map.of("exclude.schema.changes", "truncate.table;alter.column.type"));
        assertThat(columns("excluded")).containsExactly("id bigint NO", "name character varying(20) YES", "origin character varying(20) YES 'web'");
        assertThat(rows("excluded")).containsExactly("1|ann|web", "2|bob|web", "3|cid|shop", "4|null|app", "5|null|mail", "6|null|post", "7|null|42");
    }

    /** Runs the scenario into a new database; a failure is thrown after the rows before it are written. */
    private static void run(String database, SchemaChangeBehavior behavior, Map<String, String> sinkOptions) throws Exception {
        server.createDatabase(database);
        JdbcSinkConfig config = JdbcSinkFactory.configFrom(Configuration.fromMap(Map.of("url", server.jdbcUrl(database),
                JdbcSinkOptions.DRIVER_PROPERTIES_PREFIX + "user", TestingPostgresServer.SUPERUSER)))
                .toleratingSchemaChangeFailures(behavior == SchemaChangeBehavior.TRY_EVOLVE);
        try (JdbcSinkWriter writer = new JdbcSinkWriter(config, "test writer", new SimpleCounter(), new SinkMetrics(new UnregisteredMetricsGroup()))) {
            try {
                SchemaBehaviorScenario.run(behavior, sinkOptions, SINK_TABLE, event -> write(writer, event));
            } finally {
                writer.flush(false);
            }
        }
    }

    private static void write(JdbcSinkWriter writer, Event event) {
        try {
            writer.write(event, null);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Name, type, nullability and constant default of each column. */
    private static List<String> columns(String database) throws SQLException {
        return query(database, "SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END"
                + " || COALESCE(' ' || regexp_replace(pg_get_expr(d.adbin, d.adrelid), '::.*$', ''), '') FROM pg_attribute a"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = 'public.people'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
    }

    /** Each row's values joined by '|', NULL as null. */
    private static List<String> rows(String database) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM public.people ORDER BY id")) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                lines.add(String.join("|", values));
            }
        }
        return lines;
    }

    private static List<String> query(String database, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }
}
