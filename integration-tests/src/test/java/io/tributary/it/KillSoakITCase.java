package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A short kill soak in the suite (the long one is {@code bin/tributary-soak PAIR --kills 20}): five
 * SIGKILLs at seeded random moments into a pipeline under a concurrent workload, then the target
 * must equal the source, and on Kafka every change must fit its key's history.
 */
class KillSoakITCase {
    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"postgres, postgres", "mariadb, kafka"})
    void theTargetEqualsTheSourceAfterKillsAtRandomMoments(String source, String target) throws Exception {
        long seed = System.nanoTime() % 1_000_000;
        KillSoak.Settings settings = new KillSoak.Settings(source, target, 5, seed, 100_000, Duration.ofSeconds(8), work);

        KillSoak.Result result = KillSoak.run(settings, System.out);

        assertThat(result.differences()).as("rows that differ between source and target (seed %d)", seed).isEmpty();
        assertThat(result.violations()).as("changes out of their key's history (seed %d)", seed).isEmpty();
        assertThat(result.rowsCompared()).isGreaterThan(90_000);
        assertThat(result.transactions()).as("source transactions during the soak").isGreaterThan(100);
        if (target.equals("kafka")) {
            assertThat(result.eventsChecked()).as("change events read back from the topic").isGreaterThanOrEqualTo(result.rowsCompared());
        }
    }
}
