package io.tributary.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/tributary-soak}: the kill soak of {@link KillSoak} as a command that prints its figures. */
@Command(name = "tributary-soak", mixinStandardHelpOptions = true,
        description = "Kills a pipeline again and again under a concurrent workload, restarts it each time, and checks that the target equals the source.")
public final class KillSoakCommand implements Callable<Integer> {
    static final List<String> PAIRS = List.of("postgres-postgres", "postgres-mariadb", "postgres-kafka", "mariadb-postgres", "mariadb-mariadb",
            "mariadb-kafka");

    @Parameters(index = "0", description = "source-target pair: ${COMPLETION-CANDIDATES}, or all", completionCandidates = Pairs.class)
    String pair;

    @Option(names = "--kills", defaultValue = "20", description = "SIGKILLs before the compared run (default ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--seed", description = "seed of the random delays (default: a random one, printed)")
    Long seed;

    @Option(names = "--rows", defaultValue = "500000", description = "rows in the source table before the first run (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--longest", defaultValue = "12",
            description = "longest time a streaming run lives after its source opened, seconds (default ${DEFAULT-VALUE}); runs in the snapshot die within 6 s")
    int longest;

    @Option(names = "--work", description = "directory for state and logs (default: a new temporary directory, kept)")
    Path work;

    static final class Pairs extends ArrayList<String> {
        Pairs() {
            super(PAIRS);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> pairs = pair.equals("all") ? PAIRS : List.of(pair);
        if (!PAIRS.containsAll(pairs)) {
            System.err.println("error: unknown pair '" + pair + "'. Use one of " + String.join(", ", PAIRS) + ", or all.");
            return 2;
        }
        long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        Path root = work != null ? work : Files.createTempDirectory("tributary-soak");
        List<KillSoak.Result> results = new ArrayList<>();
        for (String each : pairs) {
            String[] parts = each.split("-");
            KillSoak.Settings settings = new KillSoak.Settings(parts[0], parts[1], kills, chosenSeed, rows, Duration.ofSeconds(longest), root.resolve(each));
            results.add(KillSoak.run(settings, System.out));
        }
        System.out.println();
        results.forEach(result -> System.out.println(result.summary()));
        System.out.println("logs and state: " + root);
        return results.stream().allMatch(KillSoak.Result::passed) ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new KillSoakCommand()).execute(args));
    }
}
