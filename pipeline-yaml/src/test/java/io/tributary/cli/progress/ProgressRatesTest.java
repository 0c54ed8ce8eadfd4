package io.tributary.cli.progress;

import static io.tributary.cli.progress.ProgressLineTest.SNAPSHOT;
import static io.tributary.cli.progress.ProgressLineTest.STREAMING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressRatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void measuresRatesOverTheWindowAndNotAcrossARestartOfTheCounters() throws Exception {
        ProgressRates rates = new ProgressRates(java.time.Duration.ofSeconds(10));
        ProgressSnapshot streaming = ProgressSnapshot.of(JSON.readTree(STREAMING));
        rates.add(0, streaming);
        assertThat(rates.eventsPerSecond()).as("one sample gives no rate").isEmpty();

        rates.add(2_000_000_000L, ProgressSnapshot.of(JSON.readTree(STREAMING.replace("4201234", "4201334"))));
        assertThat(rates.eventsPerSecond()).hasValue(50.0);
        assertThat(rates.rowsPerSecond()).hasValue(0.0);

        rates.add(3_000_000_000L, ProgressSnapshot.of(JSON.readTree(STREAMING.replace("4201234", "7"))));
        assertThat(rates.eventsPerSecond()).as("the job restarted and its counters with it").isEmpty();
    }

    @Test
    void startsTheRateAfreshWhenTheStreamStartsSoThatSnapshotRowsDoNotCountAsChangeEvents() throws Exception {
        ProgressRates rates = new ProgressRates(java.time.Duration.ofSeconds(10));
        rates.add(0, ProgressSnapshot.of(JSON.readTree(SNAPSHOT.replace("\"events\":1234567", "\"events\":0"))));
        rates.add(1_000_000_000L, ProgressSnapshot.of(JSON.readTree(STREAMING.replace("4201234", "4200000"))));
        assertThat(rates.eventsPerSecond()).as("only one sample of the stream yet").isEmpty();

        rates.add(2_000_000_000L, ProgressSnapshot.of(JSON.readTree(STREAMING.replace("4201234", "4200030"))));
        assertThat(rates.eventsPerSecond()).hasValue(30.0);
    }
}
