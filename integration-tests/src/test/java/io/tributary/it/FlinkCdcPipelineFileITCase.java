package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline file as a Flink CDC user writes it (a name with spaces, Flink CDC options that have no
 * effect here, the {@code values} sink) runs through {@code tributary run}: the rows are printed,
 * each option without effect gets one INFO line saying why, and the state directory is the name's
 * slug.
 */
class FlinkCdcPipelineFileITCase {
    private static TestingPostgresServer source;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        source = TestingPostgresServer.start();
        source.createDatabase("appdb");
        source.createUser("cdc", "cdc-secret", "REPLICATION");
        source.execute("appdb",
                "CREATE TABLE orders (id bigint PRIMARY KEY, product varchar(20), price numeric(10,2))",
                "INSERT INTO orders VALUES (1, 'Widget', 9.90), (2, 'Gadget', 12.50)",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc");
    }

    @AfterAll
    static void stopServer() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void printsTheRowsAndSaysWhichOptionsHaveNoEffect() throws Exception {
        Path pipeline = work.resolve("flink-cdc.yaml");
        Files.writeString(pipeline, """
                source:
                  type: postgres
                  name: Postgres Source
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: appdb.public.orders
                  scan.startup.mode: snapshot
                  connection.pool.size: 20
                  connect.max-retries: 3
                  debezium.snapshot.mode: initial
                sink:
                  type: values
                  name: Values Sink
                pipeline:
                  name: Postgres to Values Pipeline
                  parallelism: 1
                """.formatted(source.port()), StandardCharsets.UTF_8);

        try (TributaryProcess run = TributaryProcess.startIn(work, work.resolve("run.log"), "run", pipeline.toString())) {
            assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.tail()).isZero();
            String output = run.output();
            assertThat(output).contains(
                    "DataChangeEvent{tableId=public.orders, before=[], after=[1, Widget, 9.90], op=READ}",
                    "DataChangeEvent{tableId=public.orders, before=[], after=[2, Gadget, 12.50], op=READ}",
                    "Option 'connection.pool.size' in source (postgres) has no effect: Tributary keeps no connection pool",
                    "Option 'connect.max-retries' in source (postgres) has no effect: a failed connection fails the job",
                    "Options [debezium.snapshot.mode] in source (postgres) have no effect: this source reads the log with pgjdbc's");
            assertThat(output).containsPattern("CreateTableEvent\\{tableId=public.orders, schema=columns=\\{`id` BIGINT NOT NULL,`product` "
                    + "VARCHAR\\(20\\),`price` DECIMAL\\(10,2\\)}, primaryKeys=id}");
        }
        assertThat(work.resolve(".tributary").resolve("postgres-to-values-pipeline")).isDirectory();
    }
}
