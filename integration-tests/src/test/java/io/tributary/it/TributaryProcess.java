package io.tributary.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tributary} command line in a separate JVM, as a user runs it, so that tests can kill
 * it with SIGKILL. Its output goes to a log file the test can search.
 */
final class TributaryProcess implements AutoCloseable {
    /** The {@code --add-opens} options Flink needs on Java 17. */
    static final List<String> OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.math=ALL-UNNAMED");

    private final Process process;
    private final Path log;

    private TributaryProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code tributary ARGS...} with its output in {@code log}. */
    static TributaryProcess start(Path log, String... args) {
        return startIn(Path.of("").toAbsolutePath(), log, args);
    }

    /** Starts {@code tributary ARGS...} in {@code workingDirectory}, with its output in {@code log}. */
    static TributaryProcess startIn(Path workingDirectory, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(OPENS);
        command.add("-Dlog4j2.configurationFile=" + childLogConfig());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.tributary.cli.TributaryCli");
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new TributaryProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start tributary", e);
        }
    }

    /** The log4j configuration of child JVMs. */
    static String childLogConfig() {
        var url = TributaryProcess.class.getResource("/log4j2-child.properties");
        if (url == null) {
            throw new IllegalStateException("log4j2-child.properties missing from the test class path");
        }
        return url.getPath();
    }

    /**
     * Starts {@code tributary ARGS...} with {@code environment} added to this process's and the
     * log4j configuration file {@code logConfig} (see {@link #logConfig}), its output in {@code log}.
     */
    static TributaryProcess startWithEnvironment(Path log, Map<String, String> environment, String logConfig, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(OPENS);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + logConfig, "-cp", System.getProperty("java.class.path"), "io.tributary.cli.TributaryCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            return new TributaryProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start tributary", e);
        }
    }

    /** The distribution's log4j2.properties (in the pipeline-yaml jar), copied into {@code work} as a file a child JVM can be pointed at. */
    static Path distributionLogConfig(Path work) {
        Path file = work.resolve("log4j2-distribution.properties");
        try (var config = TributaryProcess.class.getResourceAsStream("/log4j2.properties")) {
            if (config == null) {
                throw new IllegalStateException("log4j2.properties of pipeline-yaml missing from the test class path");
            }
            Files.copy(config, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a log4j configuration file on the test class path. */
    static String logConfig(String name) {
        var url = TributaryProcess.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException(name + " missing from the test class path");
        }
        return url.getPath();
    }

    /** The operating system's id of the process. */
    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output matches {@code regex}; returns the match. */
    Matcher awaitOutput(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited with " + process.exitValue() + " before printing /" + regex + "/:\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tributary did not print /" + regex + "/ within " + timeout + ":\n" + tail());
    }

    /**
     * Waits until {@code difference} returns an empty text (e.g. a target equal to its source),
     * failing with the last difference and the run's warnings after {@code timeout} or if the
     * process exits first.
     */
    void awaitNoDifference(String what, Supplier<String> difference, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = difference.get();
            if (last.isEmpty()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary exited before " + what + ":\n" + tail());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + timeout + ": " + last + "\n" + problems());
    }

    String tail() {
        String output = output();
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    /** The lines of the output at WARN or ERROR level, and the restarts, the last 60 of them. */
    String problems() {
        List<String> lines = output().lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Restarting") || line.startsWith("error:"))
                .toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tributary did not stop within " + timeout + " after SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tributary did not exit within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
