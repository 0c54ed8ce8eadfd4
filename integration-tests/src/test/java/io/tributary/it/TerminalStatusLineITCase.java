package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.testing.TestingPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary run} in a pseudo-terminal (util-linux {@code script}), as a person at a terminal
 * sees it: the status line with its streaming figures, no log records between the command's own
 * lines, and the log in {@code <state dir>/tributary.log}, without a WARN or an ERROR in it.
 */
class TerminalStatusLineITCase {
    @TempDir
    Path work;

    @Test
    void showsTheStatusLineOnTheTerminalAndWritesTheLogToTheStateDirectory() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux 'script' is needed to give the command a pseudo-terminal");
        try (TestingPostgresServer source = TestingPostgresServer.start()) {
            source.createDatabase("termdb");
            source.createUser("cdc", "cdc-secret", "REPLICATION");
            source.execute("termdb", "CREATE TABLE items (id bigint PRIMARY KEY, name text)",
                    "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 1000) i", "ALTER TABLE items OWNER TO cdc",
                    "GRANT CREATE ON DATABASE termdb TO cdc");
            Path pipeline = work.resolve("terminal.yaml");
            Files.writeString(pipeline, """
                    source:
                      type: postgres
                      hostname: 127.0.0.1
                      port: %d
                      username: cdc
                      password: cdc-secret
                      tables: termdb.public.items
                      slot.name: terminal_slot
                    sink:
                      type: blackhole
                    pipeline:
                      name: terminal-run
                      execution.checkpointing.interval: 1s
                    """.formatted(source.port()));
            Path state = work.resolve("state");
            Path screen = work.resolve("screen.typescript");
            Process script = startInTerminal(screen, "run", pipeline.toString(), "--state-dir", state.toString(), "--progress-interval", "PT1S");
            try {
                String shown = awaitScreen(screen, script, "terminal-run \\| streaming \\| 1 table \\| lag \\S+( s)? \\| \\S+ events/s \\| checkpoints [1-9]");
                source.execute("termdb", "UPDATE items SET name = name || '!' WHERE id <= 100");
                awaitScreen(screen, script, "terminal-run \\| streaming .*checkpoints ([3-9]|\\d\\d)");
                script.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).forEach(ProcessHandle::destroy);
                assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("tributary stops on SIGTERM").isTrue();
                shown = Files.readString(screen, StandardCharsets.UTF_8);

                assertThat(shown).contains("Running pipeline 'terminal-run' from " + pipeline + " (state in " + state + ", log in "
                        + state.resolve("tributary.log") + ")");
                assertThat(shown).as("no log record on the terminal").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(INFO|WARN|ERROR)");
                String log = Files.readString(state.resolve("tributary.log"), StandardCharsets.UTF_8);
                assertThat(log).contains("Pipeline terminal-run started as Flink job", "Progress: terminal-run | streaming", "stopped with savepoint");
                assertThat(log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                        .as("WARN and ERROR lines of a healthy run into the blackhole sink, stopped").isEmpty();
            } finally {
                script.destroyForcibly();
            }
        }
    }

    /** Starts {@code tributary ARGS...} in a pseudo-terminal 200 columns wide; what it shows goes to {@code screen}. */
    private Process startInTerminal(Path screen, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(TributaryProcess.OPENS);
        command.add("-Dlog4j2.configurationFile=" + TributaryProcess.distributionLogConfig(work));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.cli.TributaryCli"));
        command.addAll(List.of(args));
        String shellCommand = "COLUMNS=200 exec " + command.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return new ProcessBuilder("/usr/bin/script", "-q", "-e", "-f", "-c", shellCommand, screen.toString())
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    }

    private static String awaitScreen(Path screen, Process script, String regex) throws Exception {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String shown = "";
        while (Instant.now().isBefore(deadline)) {
            shown = Files.exists(screen) ? Files.readString(screen, StandardCharsets.UTF_8) : "";
            if (pattern.matcher(shown).find()) {
                return shown;
            }
            if (!script.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed /" + regex + "/:\n" + shown);
    }
}
