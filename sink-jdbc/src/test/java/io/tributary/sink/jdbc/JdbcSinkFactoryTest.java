package io.tributary.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.PipelineContext;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JdbcSinkFactoryTest {

    @Test
    void pinsEveryOptionKeyAndDefault() {
        assertThat(JdbcSinkOptions.URL.key()).isEqualTo("url");
        assertThat(JdbcSinkOptions.URL.hasDefaultValue()).isFalse();
        assertThat(JdbcSinkOptions.USERNAME.key()).isEqualTo("username");
        assertThat(JdbcSinkOptions.USERNAME.hasDefaultValue()).isFalse();
        assertThat(JdbcSinkOptions.PASSWORD.key()).isEqualTo("password");
        assertThat(JdbcSinkOptions.PASSWORD.hasDefaultValue()).isFalse();
        assertThat(JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS.key()).isEqualTo("sink.buffer-flush.max-rows");
        assertThat(JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS.defaultValue()).isEqualTo(5000);
        assertThat(JdbcSinkOptions.MAX_RETRIES.key()).isEqualTo("sink.max-retries");
        assertThat(JdbcSinkOptions.MAX_RETRIES.defaultValue()).isEqualTo(3);
        assertThat(JdbcSinkOptions.TABLE_CREATE_ENABLED.key()).isEqualTo("table.create.enabled");
        assertThat(JdbcSinkOptions.TABLE_CREATE_ENABLED.defaultValue()).isTrue();
        assertThat(JdbcSinkOptions.DROP_TABLE_ENABLED.key()).isEqualTo("schema-change.drop-table.enabled");
        assertThat(JdbcSinkOptions.DROP_TABLE_ENABLED.defaultValue()).isFalse();
        assertThat(JdbcSinkOptions.DROP_COLUMN_ENABLED.key()).isEqualTo("schema-change.drop-column.enabled");
        assertThat(JdbcSinkOptions.DROP_COLUMN_ENABLED.defaultValue()).isFalse();
        assertThat(new JdbcSinkFactory().optionalOptions()).hasSize(7).contains(JdbcSinkOptions.DROP_COLUMN_ENABLED);
        assertThat(new JdbcSinkFactory().passThroughPrefixes()).containsExactly("properties.");
    }

    @Test
    void parsesAPipelineSinkBlock() {
        Configuration options = Configuration.fromMap(Map.of(
                "url", "jdbc:postgresql://db:5432/app",
                "username", "writer",
                "password", "secret",
                "sink.buffer-flush.max-rows", "100",
                "properties.sslmode", "require",
                "properties.reWriteBatchedInserts", "false"));
        JdbcSinkConfig config = JdbcSinkFactory.configFrom(options);
        assertThat(config.url()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(config.bufferFlushMaxRows()).isEqualTo(100);
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.tableCreateEnabled()).isTrue();
        assertThat(config.dropTableEnabled()).isFalse();
        assertThat(config.dropColumnEnabled()).isFalse();
        assertThat(config.driverProperties()).containsEntry("user", "writer").containsEntry("password", "secret")
                .containsEntry("sslmode", "require").containsEntry("reWriteBatchedInserts", "false");
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void parsesTheSchemaChangeSwitches() {
        JdbcSinkConfig config = JdbcSinkFactory.configFrom(Configuration.fromMap(Map.of(
                "url", "jdbc:mariadb://db/app",
                "table.create.enabled", "false",
                "schema-change.drop-table.enabled", "true",
                "schema-change.drop-column.enabled", "true")));
        assertThat(config.tableCreateEnabled()).isFalse();
        assertThat(config.dropTableEnabled()).isTrue();
        assertThat(config.dropColumnEnabled()).isTrue();
        assertThat(config.toString()).contains("dropColumnEnabled=true");
    }

    @Test
    void defaultsTheDriverPropertiesThatMakeBatchesFast() {
        assertThat(JdbcSinkFactory.configFrom(Configuration.fromMap(Map.of("url", "jdbc:postgresql://db/app"))).driverProperties())
                .containsEntry("reWriteBatchedInserts", "true");
        assertThat(JdbcSinkFactory.configFrom(Configuration.fromMap(Map.of("url", "jdbc:mariadb://db/app"))).driverProperties())
                .containsEntry("useBulkStmts", "true").containsEntry("useServerPrepStmts", "true");
    }

    @Test
    void rejectsAnUnsupportedUrlNamingTheSupportedOnes() {
        Configuration options = Configuration.fromMap(Map.of("url", "jdbc:oracle:thin:@db:1521/x"));
        assertThatThrownBy(() -> JdbcSinkFactory.configFrom(options))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:");
    }

    @Test
    void rejectsAMissingUrlAndAnEmptyBuffer() {
        assertThatThrownBy(() -> JdbcSinkFactory.configFrom(new Configuration()))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_MISSING_OPTION));
        Configuration zeroRows = Configuration.fromMap(Map.of("url", "jdbc:mysql://db/app", "sink.buffer-flush.max-rows", "0"));
        assertThatThrownBy(() -> JdbcSinkFactory.configFrom(zeroRows))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void isFoundByItsType() {
        assertThat(ConnectorFactories.sink("jdbc")).isInstanceOf(JdbcSinkFactory.class);
        assertThat(ConnectorFactories.sink("jdbc").createSink(Configuration.fromMap(Map.of("url", "jdbc:mysql://db/app")),
                new PipelineContext("p", 1))).isInstanceOf(JdbcSink.class);
    }

    @Test
    void namesHostAndPortInConnectionErrors() {
        assertThat(connector("jdbc:postgresql://db.example:6543/app?ssl=true").hostAndPort()).isEqualTo("db.example:6543");
        assertThat(connector("jdbc:postgresql://db.example/app").hostAndPort()).isEqualTo("db.example:5432");
        assertThat(connector("jdbc:mysql://user@10.1.2.3/app").hostAndPort()).isEqualTo("10.1.2.3:3306");
        assertThat(connector("jdbc:mariadb://[::1]:3307/app").hostAndPort()).isEqualTo("[::1]:3307");
    }

    private static JdbcConnector connector(String url) {
        return new JdbcConnector(new JdbcSinkConfig(url, Map.of(), 1, 0, true, false, false), JdbcDialect.forUrl(url));
    }
}
