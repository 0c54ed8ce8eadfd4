package io.tributary.source.postgres;

import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.dialect.StreamRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Polls a stream reader (each poll waits at most a fraction of a second) until the records satisfy a condition. */
final class StreamPolling {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StreamPolling() {}

    static List<StreamRecord<PostgresPosition>> pollUntil(StreamReader<PostgresPosition> reader, Predicate<List<StreamRecord<PostgresPosition>>> done) {
        List<StreamRecord<PostgresPosition>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("stream did not deliver in " + TIMEOUT + "; got " + events(records));
                }
                records.addAll(reader.poll());
            }
        } catch (Exception e) {
            throw new AssertionError("polling failed: " + e.getMessage(), e);
        }
        return records;
    }

    /** Polls until {@code count} events (not progress records) arrived. */
    static List<StreamRecord<PostgresPosition>> pollEvents(StreamReader<PostgresPosition> reader, int count) {
        return pollUntil(reader, records -> events(records).size() >= count);
    }

    static List<Event> events(List<StreamRecord<PostgresPosition>> records) {
        return records.stream().map(StreamRecord::event).flatMap(Optional::stream).toList();
    }

    static List<DataChangeEvent> changes(List<StreamRecord<PostgresPosition>> records) {
        return events(records).stream().filter(DataChangeEvent.class::isInstance).map(DataChangeEvent.class::cast).toList();
    }

    /** The position after the record carrying the n-th event (0-based). */
    static PostgresPosition positionAfterEvent(List<StreamRecord<PostgresPosition>> records, int n) {
        int seen = -1;
        for (StreamRecord<PostgresPosition> record : records) {
            if (record.event().isPresent() && ++seen == n) {
                return record.positionAfter();
            }
        }
        throw new AssertionError("fewer than " + (n + 1) + " events");
    }
}
