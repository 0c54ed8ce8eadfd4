package io.tributary.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for a test with the {@code openssl} command, a server certificate
 * it signed for {@code localhost} and {@code 127.0.0.1}, and the certificate of another authority
 * that signed nothing here: {@code ca.crt}, {@code server.crt}, {@code server.key} (PKCS#8, owner
 * only) and {@code other-ca.crt} in one directory.
 */
final class TestCertificates {
    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** Whether the openssl command is there to make certificates. */
    static boolean available(Path scratch) throws InterruptedException {
        return openssl(scratch, "version");
    }

    static TestCertificates make(Path directory) throws Exception {
        Path extensions = Files.writeString(directory.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        for (String authority : List.of("ca", "other-ca")) {
            require(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=tributary test " + authority,
                    "-keyout", directory.resolve(authority + ".key").toString(), "-out", directory.resolve(authority + ".crt").toString());
        }
        require(directory, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", directory.resolve("server.key").toString(),
                "-out", directory.resolve("server.csr").toString());
        require(directory, "x509", "-req", "-in", directory.resolve("server.csr").toString(), "-CA", directory.resolve("ca.crt").toString(),
                "-CAkey", directory.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(),
                "-out", directory.resolve("server.crt").toString());
        Files.setPosixFilePermissions(directory.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        return new TestCertificates(directory);
    }

    Path authority() {
        return directory.resolve("ca.crt");
    }

    Path otherAuthority() {
        return directory.resolve("other-ca.crt");
    }

    Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    Path serverKey() {
        return directory.resolve("server.key");
    }

    Path directory() {
        return directory;
    }

    private static void require(Path directory, String... args) throws Exception {
        if (!openssl(directory, args)) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed; see " + directory.resolve("openssl.log"));
        }
    }

    private static boolean openssl(Path directory, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("openssl.log").toFile())).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException noOpenssl) {
            return false;
        }
    }
}
