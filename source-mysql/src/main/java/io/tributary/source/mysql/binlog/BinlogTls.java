package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.export.SslMode;

/**
 * The TLS settings of the binlog connection, taken from the same {@code jdbc.properties.*} that
 * MariaDB Connector/J uses for the snapshot connections, read by the driver itself (so aliases such
 * as {@code useSsl} and the case of the keys mean what they mean to it). The binlog connection
 * then encrypts when the snapshot connections do and trusts the same authority: {@code serverSslCert}
 * (a PEM file or the certificate text), else {@code trustStore}, else the JVM's trust store; with
 * {@code sslMode=verify-full} it also checks the host name against the certificate. Settings the
 * replication client cannot follow (a client certificate, another TLS socket plugin) are refused.
 */
public final class BinlogTls {
    private static final String PREFIX = "jdbc.properties.";

    private final String hostname;
    private final Configuration driver;

    private BinlogTls(String hostname, Configuration driver) {
        this.hostname = hostname;
        this.driver = driver;
    }

    /** Reads {@code jdbcProperties} as the driver does and checks that the binlog connection can follow them. */
    public static BinlogTls from(String hostname, int port, Map<String, String> jdbcProperties) {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(jdbcProperties, "jdbcProperties is null");
        Properties properties = new Properties();
        jdbcProperties.forEach(properties::setProperty);
        Configuration driver;
        try {
            driver = Configuration.parse("jdbc:mariadb://" + (hostname.contains(":") ? "[" + hostname + "]" : hostname) + ":" + port + "/", properties);
        } catch (SQLException | RuntimeException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "The jdbc.properties.* of the mysql source are not valid for MariaDB "
                    + "Connector/J: " + e.getMessage() + ". For TLS use e.g. jdbc.properties.sslMode: verify-full and "
                    + "jdbc.properties.serverSslCert: /path/to/ca.crt.", e);
        }
        BinlogTls tls = new BinlogTls(hostname, driver);
        if (tls.encrypts()) {
            tls.refuseUnfollowable();
        }
        return tls;
    }

    /** Whether the connections are encrypted at all. */
    public boolean encrypts() {
        return driver.sslMode() != SslMode.DISABLE;
    }

    /** Sets the replication client's TLS mode and, where the certificate is checked, a socket factory trusting the configured authority. */
    public void applyTo(BinaryLogClient client) {
        switch (driver.sslMode()) {
            case DISABLE -> client.setSSLMode(SSLMode.DISABLED);
            // As the driver does with sslMode=trust: encrypt, accept any certificate.
            case TRUST -> client.setSSLMode(SSLMode.REQUIRED);
            case VERIFY_CA, VERIFY_FULL -> {
                // VERIFY_CA makes the client require TLS and use the factory; the host name is checked by the factory's
                // endpoint identification, which understands IP addresses in the certificate as the driver does.
                client.setSSLMode(SSLMode.VERIFY_CA);
                SSLContext context = sslContext();
                boolean checkHost = driver.sslMode() == SslMode.VERIFY_FULL;
                client.setSslSocketFactory(socket -> layer(context, socket, checkHost));
            }
            default -> throw new IllegalStateException("Unknown sslMode " + driver.sslMode());
        }
    }

    /** Loads the trusted certificates now, so that a missing or unreadable file is reported before a run starts. */
    public void checkReadable() {
        if (driver.sslMode() == SslMode.VERIFY_CA || driver.sslMode() == SslMode.VERIFY_FULL) {
            sslContext();
        }
    }

    private SSLSocket layer(SSLContext context, Socket socket, boolean checkHost) throws SocketException {
        try {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, hostname, socket.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            if (checkHost) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (driver.enabledSslProtocolSuites() != null) {
                parameters.setProtocols(driver.enabledSslProtocolSuites().split("[,;\\s]+"));
            }
            if (driver.enabledSslCipherSuites() != null) {
                parameters.setCipherSuites(driver.enabledSslCipherSuites().split("[,;\\s]+"));
            }
            tls.setSSLParameters(parameters);
            return tls;
        } catch (IOException e) {
            SocketException failure = new SocketException("Could not start TLS on the binlog connection: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustedCertificates());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Could not read the certificates the mysql source should trust ("
                    + e.getMessage() + "). Check " + PREFIX + (driver.serverSslCert() != null ? "serverSslCert (a PEM file of the "
                    + "certificate of the authority that signed the server's)" : "trustStore, trustStorePassword and trustStoreType") + ".", e);
        }
    }

    /** The key store of trusted certificates, or null for the JVM's default trust store. */
    private KeyStore trustedCertificates() throws GeneralSecurityException, IOException {
        if (driver.serverSslCert() != null) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            try (InputStream pem = open(driver.serverSslCert())) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                    store.setCertificateEntry("server-ssl-cert-" + index++, certificate);
                }
            }
            if (index == 0) {
                throw new GeneralSecurityException("no certificate in " + driver.serverSslCert());
            }
            return store;
        }
        if (driver.trustStore() != null) {
            KeyStore store = KeyStore.getInstance(driver.trustStoreType() != null ? driver.trustStoreType() : KeyStore.getDefaultType());
            char[] password = driver.trustStorePassword() == null ? null : driver.trustStorePassword().toCharArray();
            try (InputStream file = Files.newInputStream(localPath(driver.trustStore()))) {
                store.load(file, password);
            }
            return store;
        }
        return null;
    }

    /** serverSslCert is a file path, a file: URL, or the PEM text itself, as the driver reads it. */
    private static InputStream open(String serverSslCert) throws IOException {
        if (serverSslCert.startsWith("-----BEGIN")) {
            return new ByteArrayInputStream(serverSslCert.getBytes(StandardCharsets.US_ASCII));
        }
        return Files.newInputStream(localPath(serverSslCert));
    }

    private static Path localPath(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            throw new IOException("the binlog connection reads certificates from files; " + location + " is on the class path");
        }
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    private void refuseUnfollowable() {
        if (driver.keyStore() != null) {
            throw unfollowable("keyStore", "a client certificate: the binlog connection cannot present one. Let the account "
                    + "authenticate by password over TLS (REQUIRE SSL instead of REQUIRE X509)");
        }
        if (driver.tlsSocketType() != null) {
            throw unfollowable("tlsSocketType", "another TLS socket plugin: the binlog connection uses the JVM's TLS");
        }
        if (driver.sslMode() != SslMode.TRUST && driver.serverSslCert() == null && driver.trustStore() == null
                && !driver.fallbackToSystemTrustStore()) {
            throw unfollowable("fallbackToSystemTrustStore", "false without serverSslCert or trustStore: the binlog connection "
                    + "would have no certificate to trust. Give the authority's certificate in jdbc.properties.serverSslCert");
        }
    }

    private static TributaryException unfollowable(String key, String why) {
        return new TributaryException(ErrorCode.CONFIG_INVALID, "Option '" + PREFIX + key + "' of the mysql source sets " + why + ".");
    }
}
