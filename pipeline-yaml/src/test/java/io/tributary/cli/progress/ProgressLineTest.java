package io.tributary.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A /status document as the runtime writes it, in the snapshot: one table done, one half read, one not yet split. */
    static final String SNAPSHOT = """
            {"pipeline":"appdb-to-replica","phase":"snapshot","ready":false,"jobId":"1cd5","jobState":"running","restarts":0,
             "snapshot":{"tables":3,"tablesUnsplit":1,"tablesStreaming":0,"chunksFinished":14,"chunksPending":10,"rows":1234567,"remainingSeconds":185.4,
               "perTable":[{"table":"appdb.public.customers","chunks":12,"chunksFinished":12,"rows":1200000,"estimatedRows":1200000,"streaming":false},
                           {"table":"appdb.public.orders","chunks":4,"chunksFinished":2,"rows":34567,"estimatedRows":3000000,"streaming":false}]},
             "source":{"position":null,"lagSeconds":null,"events":1234567},"sink":{"lagSeconds":null},
             "checkpoints":{"completed":2,"failed":0,"problem":null}}
            """;

    static final String STREAMING = """
            {"pipeline":"appdb-to-replica","phase":"streaming","ready":true,"restarts":0,
             "snapshot":{"tables":2,"tablesUnsplit":0,"tablesStreaming":2,"chunksFinished":16,"rows":4200000,"remainingSeconds":0,
               "perTable":[{"table":"appdb.public.customers","chunks":12,"chunksFinished":12,"rows":1200000,"estimatedRows":1200000,"streaming":true},
                           {"table":"appdb.public.orders","chunks":4,"chunksFinished":4,"rows":3000000,"estimatedRows":3000000,"streaming":true}]},
             "source":{"position":"0/1957858","lagSeconds":0.544,"events":4201234},"sink":{"lagSeconds":0.548},
             "checkpoints":{"completed":17,"failed":0,"problem":null}}
            """;

    @Test
    void showsTablesAndChunksDoneOfTheTotalRowsRateAndTimeLeftDuringTheSnapshot() throws Exception {
        ProgressSnapshot snapshot = ProgressSnapshot.of(JSON.readTree(SNAPSHOT));

        assertThat(ProgressLine.format(snapshot, OptionalDouble.of(98_765.4), OptionalDouble.empty()))
                .isEqualTo("appdb-to-replica | snapshot | tables 1/3 | chunks 14/16+ | rows 1.23M of ~4.20M | 98,765 rows/s | 3m05s left");
    }

    @Test
    void showsTheLagAndEventsPerSecondWhileStreaming() throws Exception {
        ProgressSnapshot snapshot = ProgressSnapshot.of(JSON.readTree(STREAMING));

        assertThat(ProgressLine.format(snapshot, OptionalDouble.of(0), OptionalDouble.of(42.2)))
                .isEqualTo("appdb-to-replica | streaming | 2 tables | lag 0.5 s | 42 events/s | checkpoints 17");
    }

    @Test
    void saysWhatItDoesNotKnowYet() throws Exception {
        ProgressSnapshot starting = ProgressSnapshot.of(JSON.readTree("""
                {"pipeline":"p","phase":"starting","restarts":0,"snapshot":{"tables":null,"perTable":[]},"source":{},"checkpoints":{"completed":0}}
                """));
        ProgressSnapshot snapshot = ProgressSnapshot.of(JSON.readTree(SNAPSHOT.replace("\"remainingSeconds\":185.4", "\"remainingSeconds\":null")));

        assertThat(ProgressLine.format(starting, OptionalDouble.empty(), OptionalDouble.empty())).isEqualTo("p | starting");
        assertThat(ProgressLine.format(snapshot, OptionalDouble.empty(), OptionalDouble.empty())).endsWith("| - rows/s | time left unknown");
    }
}
