package io.tributary.it;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Kills a pipeline with SIGKILL again and again at random moments, across the snapshot and the
 * stream, while a workload inserts, updates and deletes rows of the source table; restarts it
 * with the same command each time; and at the end compares what a reader of the target sees
 * with the source: every column of every row, and on Kafka every change event against its key's
 * history (nothing lost, nothing repeated, per-key order). The delays come from a seeded random
 * generator, so a failing run can be replayed with its seed.
 */
final class KillSoak {
    private static final Duration CONVERGENCE = Duration.ofMinutes(5);
    private static final Duration SNAPSHOT_WINDOW = Duration.ofSeconds(6);
    private static final Pattern RESUMED_SOURCE = Pattern.compile("Resuming \\w+ source: ");

    /**
     * @param source {@code postgres} or {@code mariadb}
     * @param target {@code postgres}, {@code mariadb} or {@code kafka}
     * @param kills how many SIGKILLs before the run that is compared
     * @param longestStreaming longest time a run that streams lives after its source opened
     */
    record Settings(String source, String target, int kills, long seed, int rows, Duration longestStreaming, Path work) {
        Settings {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(target, "target is null");
            Objects.requireNonNull(longestStreaming, "longestStreaming is null");
            Objects.requireNonNull(work, "work is null");
            if (kills < 1 || rows < 1) {
                throw new IllegalArgumentException("need kills >= 1 and rows >= 1");
            }
        }

        String pair() {
            return source + "-" + target;
        }
    }

    /** One SIGKILL: when, in which phase of the pipeline, and the newest completed checkpoint then. */
    record Kill(int number, Duration after, String phase, int newestCheckpoint) {}

    /** What the soak saw; it passed when the copy equals the source and no history was broken. */
    record Result(Settings settings, List<Kill> kills, long transactions, long rowsCompared, long eventsChecked, List<String> differences,
            List<String> violations, Duration convergence) {
        boolean passed() {
            return differences.isEmpty() && violations.isEmpty();
        }

        long killsIn(String phase) {
            return kills.stream().filter(kill -> kill.phase().equals(phase)).count();
        }

        String summary() {
            return "soak %s seed %d: %d kills (%d while starting, %d during the snapshot, %d while streaming), %d source transactions, %d rows compared, "
                    .formatted(settings.pair(), settings.seed(), kills.size(), killsIn("starting"), killsIn("snapshot"), killsIn("streaming"), transactions,
                            rowsCompared)
                    + (settings.target().equals("kafka") ? eventsChecked + " change events checked, " + violations.size() + " history violations, " : "")
                    + "target equal to the source after the last restart in " + convergence.toSeconds() + " s: " + (passed() ? "PASS" : "FAIL");
        }
    }

    private KillSoak() {}

    static Result run(Settings settings, PrintStream out) throws Exception {
        Random random = new Random(settings.seed());
        out.printf("soak %s: %d kills, %d rows, streaming runs killed within %d s, seed %d (replay with --seed %d)%n", settings.pair(), settings.kills(),
                settings.rows(), settings.longestStreaming().toSeconds(), settings.seed(), settings.seed());
        Files.createDirectories(settings.work());
        try (SoakSource source = SoakSource.start(settings.source()); SoakTarget target = SoakTarget.start(settings.target(), source)) {
            source.createTable(settings.rows());
            Path pipeline = writePipeline(settings, source, target);
            Path state = settings.work().resolve("state");
            List<Kill> kills = new ArrayList<>();
            long transactions;
            Result result;
            try (VersionedWorkload workload = source.workload(settings.rows() + 1)) {
                workload.start();
                for (int number = 1; number <= settings.kills(); number++) {
                    Kill kill = runAndKill(number, random, settings, pipeline, state);
                    kills.add(kill);
                    out.printf("kill %2d/%d after %5.1f s, %-9s (newest checkpoint %d)%n", number, settings.kills(), kill.after().toMillis() / 1000.0,
                            kill.phase(), kill.newestCheckpoint());
                }
                try (TributaryProcess last = TributaryProcess.start(settings.work().resolve("run-last.log"), "run", pipeline.toString(), "--state-dir",
                        state.toString())) {
                    Thread.sleep(3_000); // the workload goes on into the last run's first seconds
                    workload.close();
                    transactions = workload.transactions();
                    Instant stopped = Instant.now();
                    Map<Long, String> expected = source.rows();
                    Map<Long, String> actual = awaitEqual(expected, target, last);
                    Duration convergence = Duration.between(stopped, Instant.now());
                    result = new Result(settings, kills, transactions, expected.size(), target.eventsChecked(), differences(expected, actual),
                            target.violations(), convergence);
                    if (result.passed()) {
                        int exit = last.terminate(Duration.ofSeconds(120));
                        if (exit != 0 && exit != 143) {
                            throw new AssertionError("the last run exited with " + exit + " after SIGTERM:\n" + last.tail());
                        }
                    } else {
                        out.println("warnings and errors of the last run:\n" + last.problems());
                    }
                }
            }
            result.differences().forEach(line -> out.println("  " + line));
            result.violations().forEach(line -> out.println("  violation: " + line));
            out.println(result.summary());
            return result;
        }
    }

    /**
     * Kills a run now and then during its start-up (before its source opened), otherwise a random
     * while after its source opened: within {@link #SNAPSHOT_WINDOW} while the snapshot is not
     * finished, so that several runs in a row die in the middle of it, and within the settings'
     * longest time once it streams.
     */
    private static Kill runAndKill(int number, Random random, Settings settings, Path pipeline, Path state) throws Exception {
        boolean duringStartUp = random.nextInt(7) == 0;
        double fraction = random.nextDouble();
        try (TributaryProcess process = TributaryProcess.start(settings.work().resolve("run-" + number + ".log"), "run", pipeline.toString(),
                "--state-dir", state.toString())) {
            Instant launched = Instant.now();
            if (duringStartUp) {
                liveUntil(process, launched.plusMillis(500 + (long) (fraction * 4_500)), number);
            } else {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (phaseOf(process.output()).equals("starting")) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("run " + number + " did not open its source within 3 minutes:\n" + process.tail());
                    }
                    liveUntil(process, Instant.now().plusMillis(20), number);
                }
                Duration window = phaseOf(process.output()).equals("snapshot") ? SNAPSHOT_WINDOW : settings.longestStreaming();
                liveUntil(process, Instant.now().plusMillis((long) (fraction * window.toMillis())), number);
            }
            String phase = phaseOf(process.output());
            int checkpoint = StateDirectory.newestCheckpoint(state);
            process.kill();
            return new Kill(number, Duration.between(launched, Instant.now()), phase, checkpoint);
        }
    }

    private static void liveUntil(TributaryProcess process, Instant moment, int number) throws InterruptedException {
        while (Instant.now().isBefore(moment)) {
            if (!process.isAlive()) {
                throw new AssertionError("run " + number + " exited by itself before its kill:\n" + process.tail());
            }
            Thread.sleep(20); // waiting for the moment of the kill
        }
    }

    /** Where a run was by what it printed: starting (no source yet), snapshot, or streaming. */
    private static String phaseOf(String output) {
        if (output.contains("Streaming changes from the log") || output.contains("Snapshot finished") || output.contains(", stream running")) {
            return "streaming";
        }
        return output.contains("Opened snapshot epoch") || RESUMED_SOURCE.matcher(output).find() || output.contains("Split table")
                ? "snapshot" : "starting";
    }

    private static Path writePipeline(Settings settings, SoakSource source, SoakTarget target) throws Exception {
        Path file = settings.work().resolve("soak.yaml");
        Files.writeString(file, "source:\n" + source.sourceBlock() + "  scan.startup.mode: initial\n  scan.incremental.snapshot.chunk.size: 1000\n"
                + "sink:\n" + target.sinkBlock()
                + "pipeline:\n  name: soak\n  parallelism: 2\n  execution.checkpointing.interval: 1s\n");
        return file;
    }

    private static Map<Long, String> awaitEqual(Map<Long, String> expected, SoakTarget target, TributaryProcess process) throws Exception {
        Instant deadline = Instant.now().plus(CONVERGENCE);
        Map<Long, String> actual = Map.of();
        while (Instant.now().isBefore(deadline)) {
            actual = target.rows();
            if (actual.equals(expected)) {
                return actual;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the last run exited by itself:\n" + process.tail());
            }
            Thread.sleep(500); // polling the target
        }
        return actual;
    }

    /** The first rows that differ, as lines to print; empty when the maps are equal. */
    private static List<String> differences(Map<Long, String> expected, Map<Long, String> actual) {
        List<String> lines = new ArrayList<>();
        TreeSet<Long> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        long different = ids.stream().filter(id -> !Objects.equals(expected.get(id), actual.get(id))).count();
        if (different > 0) {
            lines.add(different + " of " + ids.size() + " ids differ; the first ones:");
        }
        for (Long id : ids) {
            if (lines.size() > 20) {
                break;
            }
            if (!Objects.equals(expected.get(id), actual.get(id))) {
                lines.add("id " + id + ": source " + expected.get(id) + ", target " + actual.get(id));
            }
        }
        return lines;
    }
}
