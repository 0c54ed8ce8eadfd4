package io.tributary.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.tributary.cli.TributaryCli;
import io.tributary.core.runtime.StatusAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Start-up as a user sees it: runs {@code bin/tributary run FILE} of the checkout this code comes
 * from, in a new process, with a pipeline of the benchmark's source into the blackhole sink, and
 * times from the command to the first snapshot row at the sink (read from its {@code /metrics}, as
 * the side-by-side harness does), then stops the pipeline. JVM start, class loading, validation,
 * the embedded Flink runtime, discovery and the source's preparation all fall inside.
 */
public final class CommandStartup {
    private static final Pattern SNAPSHOT_ROWS = Pattern.compile("^\\S*tributaryBlackholeRecordsRead\\S*?(?:\\{[^}]*\\})?\\s+(\\S+)", Pattern.MULTILINE);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * The figures of one start.
     *
     * @param millis from the command to the first snapshot row at the sink
     * @param peakRssBytes the started process's peak resident set at that moment
     */
    public record Result(long millis, OptionalLong peakRssBytes) {
        public Result {
            requireNonNull(peakRssBytes, "peakRssBytes is null");
        }
    }

    private CommandStartup() {}

    /**
     * {@link #measure} with the {@code bin/tributary} of this checkout; empty where this code runs
     * from elsewhere (an installed image has no checkout to start).
     */
    public static Optional<Result> measureFromCheckout(String name, String sourceType, Map<String, String> sourceOptions, int parallelism, Path stateDirectory)
            throws IOException, InterruptedException {
        Optional<Path> script = script();
        if (script.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(measure(script.get(), name, sourceType, sourceOptions, parallelism, stateDirectory));
    }

    /** {@code bin/tributary} of the checkout whose built jars hold this class, if there is one. */
    public static Optional<Path> script() {
        try {
            Path jar = Path.of(TributaryCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // pipeline-yaml/target/pipeline-yaml-*.jar (or target/classes) → the checkout's root
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("bin").resolve("tributary");
                if (Files.isExecutable(script)) {
                    return Optional.of(script);
                }
            }
            return Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts {@code script} on a pipeline named {@code name} from source {@code sourceType} with
     * {@code sourceOptions} into the blackhole sink, state in {@code stateDirectory}; returns once
     * the first snapshot row arrived and the pipeline stopped again.
     */
    public static Result measure(Path script, String name, String sourceType, Map<String, String> sourceOptions, int parallelism, Path stateDirectory)
            throws IOException, InterruptedException {
        Files.createDirectories(stateDirectory);
        Path file = stateDirectory.resolveSibling(stateDirectory.getFileName() + ".yaml");
        Files.writeString(file, pipelineFile(name, sourceType, sourceOptions, parallelism));
        Path log = stateDirectory.resolveSibling(stateDirectory.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "run", file.toString(), "--state-dir", stateDirectory.toString(), "--http-port", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            long firstRow = awaitFirstRow(process, http, stateDirectory, started, log);
            return new Result((firstRow - started) / 1_000_000, ResidentSetPeak.of(process.pid()));
        } finally {
            stop(process);
        }
    }

    static String pipelineFile(String name, String sourceType, Map<String, String> sourceOptions, int parallelism) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", sourceType);
        source.putAll(sourceOptions);
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("name", name);
        pipeline.put("parallelism", parallelism);
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("source", source);
        file.put("sink", Map.of("type", "blackhole"));
        file.put("pipeline", pipeline);
        return new Yaml().dump(file);
    }

    private static long awaitFirstRow(Process process, HttpClient http, Path stateDirectory, long started, Path log) throws IOException, InterruptedException {
        long deadline = started + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bin/tributary run exited with " + process.exitValue() + " before its first row; see " + log);
            }
            Optional<URI> address = StatusAddress.read(stateDirectory);
            if (address.isPresent() && snapshotRows(http, address.get().resolve("metrics")) > 0) {
                return System.nanoTime();
            }
            // Polls the endpoint from outside the process, as a user's scraper would; 5 ms bounds the timing error.
            Thread.sleep(5);
        }
        throw new IllegalStateException("bin/tributary run delivered no row within " + TIMEOUT + "; see " + log);
    }

    private static double snapshotRows(HttpClient http, URI metrics) throws InterruptedException {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            double rows = 0;
            Matcher matcher = SNAPSHOT_ROWS.matcher(body);
            while (matcher.find()) {
                rows += Double.parseDouble(matcher.group(1));
            }
            return rows;
        } catch (IOException | NumberFormatException notYet) {
            return 0; // the endpoint is not up yet
        }
    }

    /** SIGTERM: the pipeline stops with a savepoint, as after Ctrl-C. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
