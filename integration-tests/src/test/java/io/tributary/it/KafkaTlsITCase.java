package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.testing.TestingPostgresServer;
import io.tributary.sink.kafka.TestingKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → Kafka, exactly-once, to a broker whose client listener speaks only TLS with a
 * certificate an authority made by the test signed. The sink trusts that authority through
 * {@code properties.ssl.truststore.location} (a PKCS12 trust store made with {@code keytool},
 * its password given as {@code ${VAR}}); a trust store of another authority is refused. Needs the
 * {@code openssl} command; skipped without it.
 */
class KafkaTlsITCase {
    private static final String TRUST_STORE_SECRET = "ts-" + UUID.randomUUID();
    private static final Map<String, String> ENVIRONMENT = Map.of("KAFKA_TRUSTSTORE_PASSWORD", TRUST_STORE_SECRET);
    private static final String TOPIC = "items-tls";

    @TempDir
    static Path certificateDirectory;

    private static TestCertificates certificates;
    private static TestingPostgresServer source;
    private static TestingKafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        assumeTrue(TestCertificates.available(certificateDirectory), "the openssl command is needed to make the test's certificate authority");
        certificates = TestCertificates.make(certificateDirectory);
        Path brokerKeyStore = certificateDirectory.resolve("broker.pem");
        Files.writeString(brokerKeyStore, Files.readString(certificates.serverKey()) + Files.readString(certificates.serverCertificate()));
        trustStore(certificates.authority(), "truststore.p12");
        trustStore(certificates.otherAuthority(), "other-truststore.p12");
        broker = TestingKafkaBroker.startWithTls(Map.of("ssl.keystore.type", "PEM", "ssl.keystore.location", brokerKeyStore.toString(),
                "ssl.truststore.type", "PEM", "ssl.truststore.location", certificates.authority().toString()));
        source = TestingPostgresServer.start();
        source.createDatabase("shop");
        source.createUser("cdc", "cdc-secret", "REPLICATION");
        source.execute("shop", "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 50) g",
                "ALTER TABLE items OWNER TO cdc", "GRANT CREATE ON DATABASE shop TO cdc");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (source != null) {
            source.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void snapshotAndChangesArriveOverTlsAndTheTrustStorePasswordShowsNowhere() throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), pipeline("truststore.p12"));
        CliOutcome validate = CliOutcome.execute(ENVIRONMENT, "validate", file.toString(), "--state-dir", work.resolve("state").toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("Kafka cluster", "exactly-once").doesNotContain(TRUST_STORE_SECRET);

        try (TributaryProcess run = TributaryProcess.startWithEnvironment(work.resolve("run.log"), ENVIRONMENT,
                TributaryProcess.logConfig("log4j2-everything.properties"), "run", file.toString(), "--state-dir", work.resolve("state").toString())) {
            run.awaitOutput("Streaming changes from the log", Duration.ofSeconds(60));
            source.execute("shop", "INSERT INTO items SELECT g, 'new item ' || g FROM generate_series(51, 60) g");
            run.awaitNoDifference("60 committed records read over TLS", () -> {
                int records = broker.readCommitted(TOPIC, consumerTls()).size();
                return records == 60 ? "" : records + " records, expected 50 from the snapshot and 10 streamed";
            }, Duration.ofSeconds(30));
            assertThat(run.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(run.output()).as("log of the run at DEBUG").contains("ssl.truststore.location").doesNotContain(TRUST_STORE_SECRET);
        }
    }

    @Test
    void aTrustStoreOfAnotherAuthorityOrAWrongPasswordIsRefused() throws Exception {
        Path file = Files.writeString(work.resolve("tls.yaml"), pipeline("other-truststore.p12"));
        assertRefused(file, ENVIRONMENT, 1, "SINK_UNREACHABLE", "TLS handshake", "PKIX", "properties.ssl.truststore.location", "authority");
        Files.writeString(file, pipeline("truststore.p12"));
        assertRefused(file, Map.of("KAFKA_TRUSTSTORE_PASSWORD", "not-" + TRUST_STORE_SECRET), 2, "CONFIG_INVALID", "could not set up TLS",
                "properties.ssl.truststore.password");
    }

    /** validate and run both end with {@code exitCode} (2: the pipeline's settings, 1: the server) and an error that shows no password. */
    private void assertRefused(Path file, Map<String, String> environment, int exitCode, String code, String... says) {
        for (String command : List.of("validate", "run")) {
            CliOutcome outcome = CliOutcome.execute(environment, command, file.toString(), "--state-dir", work.resolve("state").toString(), "--verbose");
            System.out.println(command + " refused: " + outcome.err().lines().findFirst().orElse(""));
            assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(exitCode);
            assertThat(outcome.err()).as(command).startsWith("error: [" + code + "]").contains(says)
                    .doesNotContain(TRUST_STORE_SECRET);
        }
    }

    private static Map<String, String> consumerTls() {
        return Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM", "ssl.truststore.location", certificates.authority().toString());
    }

    private String pipeline(String trustStore) {
        return """
                source:
                  type: postgres
                  hostname: 127.0.0.1
                  port: %d
                  username: cdc
                  password: cdc-secret
                  tables: shop.public.items
                  slot.name: kafka_tls
                sink:
                  type: kafka
                  properties.bootstrap.servers: %s
                  properties.security.protocol: SSL
                  properties.ssl.truststore.location: %s
                  properties.ssl.truststore.type: PKCS12
                  properties.ssl.truststore.password: ${KAFKA_TRUSTSTORE_PASSWORD}
                  topic: %s
                  sink.delivery-guarantee: exactly-once
                pipeline:
                  name: kafka-tls
                  execution.checkpointing.interval: 1s
                """.formatted(source.port(), broker.bootstrapServers(), certificateDirectory.resolve(trustStore), TOPIC);
    }

    private static void trustStore(Path authority, String name) throws Exception {
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "authority", "-file", authority.toString(), "-keystore", certificateDirectory.resolve(name).toString(), "-storetype",
                "PKCS12", "-storepass", TRUST_STORE_SECRET).redirectErrorStream(true)
                .redirectOutput(certificateDirectory.resolve("keytool.log").toFile()).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + Files.readString(certificateDirectory.resolve("keytool.log")));
        }
    }
}
