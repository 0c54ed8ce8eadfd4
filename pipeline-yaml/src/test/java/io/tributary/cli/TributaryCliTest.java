package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TributaryCliTest {
    private static final String UNKNOWN_KEY_FILE = """
            source:
              type: test-source
              hostnme: 127.0.0.1
              tables: appdb.public.\\.*
            sink:
              type: test-sink
              url: jdbc:postgresql://127.0.0.1:5432/replica
            """;

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void versionPrintsTheProjectVersion() {
        int exitCode = execute("--version");

        assertThat(exitCode).isZero();
        assertThat(out.toString().strip()).matches("tributary \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("Usage: tributary")
                .contains("run", "validate", "demo")
                .contains("Runs the pipeline in FILE")
                .contains("Exit codes:", "The command line or the pipeline file is wrong.");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tributary run", "--state-dir=DIR", "--http-port=PORT", "--verbose");

        assertThat(execute("validate", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tributary validate", "without changing anything");

        assertThat(execute("demo", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: tributary demo", "--seconds=N", "Default: 60");
    }

    @Test
    void runAndValidateTakeJarsOfUserDefinedFunctions() throws Exception {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("--jar=PATH", "A jar with classes of the pipeline");
        Path file = Files.writeString(directory.resolve("pipeline.yaml"), UNKNOWN_KEY_FILE.replace("hostnme", "hostname"));
        Path missing = directory.resolve("missing.jar");

        assertThat(execute("validate", file.toString(), "--jar", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: [CONFIG_INVALID] --jar " + missing + " is not a readable file. Give the path of the jar that"
                + " holds the user-defined functions' classes." + System.lineSeparator());
    }

    @Test
    void noCommandIsAUsageError() {
        int exitCode = execute();

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command: give run, validate or demo.", "Usage: tributary");
    }

    @Test
    void validatingAFileWithAnUnknownKeyPrintsWhereAndExitsWithTwo() throws Exception {
        Path file = Files.writeString(directory.resolve("pipeline.yaml"), UNKNOWN_KEY_FILE);

        int exitCode = execute("validate", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: [CONFIG_UNKNOWN_OPTION] " + file
                + ":3: unknown key 'hostnme' in source (test-source). Did you mean 'hostname'?" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void verbosePrintsTheStackTraceToo() throws Exception {
        Path file = Files.writeString(directory.resolve("pipeline.yaml"), UNKNOWN_KEY_FILE);

        int exitCode = execute("validate", "--verbose", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: [CONFIG_UNKNOWN_OPTION] ")
                .contains("io.tributary.core.error.TributaryException", "\tat ");
    }

    @Test
    void validatingABadTransformExpressionPrintsWhereAndWhatAndExitsWithTwo() throws Exception {
        Path file = Files.writeString(directory.resolve("pipeline.yaml"), UNKNOWN_KEY_FILE.replace("hostnme", "hostname") + """
                transform:
                  - source-table: appdb.public.orders
                    projection: id, UPPR(name) AS name
                """);

        int exitCode = execute("validate", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: [CONFIG_INVALID] " + file + ":10: key 'projection' in transform #1: projection item"
                + " 'UPPR(name) AS name': unknown function UPPR in 'UPPR(name)'; the functions are CONCAT, FORMAT, UPPER, LOWER");
    }

    @Test
    void runOfAMissingFileSaysSo() {
        Path file = directory.resolve("missing.yaml");

        int exitCode = execute("run", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: [CONFIG_INVALID] Pipeline file " + file + " does not exist. Check the path.");
    }

    @Test
    void unsetVariableIsReportedWithLineAndName() throws Exception {
        Path file = Files.writeString(directory.resolve("pipeline.yaml"),
                UNKNOWN_KEY_FILE.replace("hostnme: 127.0.0.1", "hostname: ${PG_HOST}"));

        int exitCode = execute(new TributaryCli(Map.of()), "validate", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: [CONFIG_UNRESOLVED_VARIABLE] " + file
                + ":3: key 'hostname' in source (test-source) uses environment variable 'PG_HOST', which is not set.");
    }

    @Test
    void unknownConnectorTypeExitsWithTwo() throws Exception {
        Path file = Files.writeString(directory.resolve("pipeline.yaml"),
                UNKNOWN_KEY_FILE.replace("hostnme:", "hostname:").replace("type: test-sink", "type: no-such-sink"));

        int exitCode = execute("validate", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: [CONNECTOR_UNKNOWN] " + file + ":6: No sink connector of type 'no-such-sink'.");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(execute("run", "--http-port", "70000", "pipeline.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port must be between 0 and 65535, was 70000.");

        assertThat(execute("demo", "--seconds", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("--seconds must be 0 or more, was -5.");

        assertThat(execute("run", "--quiet", "--verbose", "pipeline.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("--quiet and --verbose contradict each other; give one of them.");
    }

    @Test
    void runHelpListsTheLogOptions() {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("--log-file=FILE", "dir>/tributary.log", "--quiet", "--verbose").doesNotContain("--progress-interval");
    }

    @Test
    void kubernetesApplicationTargetPointsToTheManifest() {
        int exitCode = execute("run", "pipeline.yaml", "--target", "kubernetes-application");
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("deploy/kubernetes/tributary-application.yaml").contains("--target application");
    }

    @Test
    void applicationTargetOutsideAFlinkApplicationClusterSaysWhatToUse() throws Exception {
        Path file = Files.writeString(directory.resolve("app.yaml"), UNKNOWN_KEY_FILE.replace("hostnme", "hostname"));
        int exitCode = execute("run", file.toString(), "--target", "application");
        assertThat(exitCode).as("a wrong command line").isEqualTo(2);
        assertThat(err.toString()).contains("only as the entry class of a Flink application cluster").contains("--target local");
    }

    @Test
    void unknownTargetListsTheValidOnes() {
        assertThat(execute("run", "pipeline.yaml", "--target", "yarn")).isEqualTo(2);
        assertThat(err.toString()).contains("local, remote, application, kubernetes-application");
    }

    private int execute(String... args) {
        return execute(new TributaryCli(), args);
    }

    private int execute(TributaryCli cli, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
