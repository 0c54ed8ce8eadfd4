package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;

/**
 * A point in a MongoDB change stream, ordered as the oplog is: a cluster time (the oplog entry's
 * {@code ts}, seconds and increment) and the index of the event among those of that cluster time
 * (the changes of one transaction share it). A position read from an event also holds the event's
 * resume token, to resume exactly after it; a position taken from the server's clock
 * ({@link #atTime}) stands after every event of its cluster time, and one at the start of a time
 * ({@link #beforeTime}) before every one. Also the snapshot marker: the cluster time before a chunk
 * was read.
 */
public final class ChangeStreamPosition implements Comparable<ChangeStreamPosition>, Serializable {
    private static final long serialVersionUID = 1L;
    public static final int AFTER_EVERY_EVENT = Integer.MAX_VALUE;
    public static final int BEFORE_EVERY_EVENT = -1;

    private final long clusterTime;
    private final int eventIndex;
    private final String resumeToken;

    public ChangeStreamPosition(long clusterTime, int eventIndex, Optional<String> resumeToken) {
        this.clusterTime = clusterTime;
        this.eventIndex = eventIndex;
        this.resumeToken = requireNonNull(resumeToken, "resumeToken is null").orElse(null);
    }

    /** After every change up to and including this cluster time. */
    public static ChangeStreamPosition atTime(BsonTimestamp time) {
        return new ChangeStreamPosition(time.getValue(), AFTER_EVERY_EVENT, Optional.empty());
    }

    /** Before every change of this cluster time and later ones. */
    public static ChangeStreamPosition beforeTime(BsonTimestamp time) {
        return new ChangeStreamPosition(time.getValue(), BEFORE_EVERY_EVENT, Optional.empty());
    }

    /** The position of an event: its cluster time, its index within that time, and its resume token's {@code _data}. */
    public static ChangeStreamPosition ofEvent(BsonTimestamp time, int eventIndex, String resumeTokenData) {
        if (eventIndex < 0 || eventIndex == AFTER_EVERY_EVENT) {
            throw new IllegalArgumentException("an event index is between 0 and " + (AFTER_EVERY_EVENT - 1) + ": " + eventIndex);
        }
        return new ChangeStreamPosition(time.getValue(), eventIndex, Optional.of(requireNonNull(resumeTokenData, "resumeTokenData is null")));
    }

    public BsonTimestamp clusterTime() {
        return new BsonTimestamp(clusterTime);
    }

    public int eventIndex() {
        return eventIndex;
    }

    /** The resume token of the event this position is after; empty for a position taken from the clock. */
    public Optional<BsonDocument> resumeToken() {
        return Optional.ofNullable(resumeToken).map(data -> new BsonDocument("_data", new BsonString(data)));
    }

    public Optional<String> resumeTokenData() {
        return Optional.ofNullable(resumeToken);
    }

    public Instant instant() {
        return Instant.ofEpochSecond(clusterTime().getTime());
    }

    @Override
    public int compareTo(ChangeStreamPosition other) {
        int byTime = Long.compareUnsigned(clusterTime, other.clusterTime);
        return byTime != 0 ? byTime : Integer.compare(eventIndex, other.eventIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeStreamPosition that && clusterTime == that.clusterTime && eventIndex == that.eventIndex
                && Objects.equals(resumeToken, that.resumeToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clusterTime, eventIndex, resumeToken);
    }

    @Override
    public String toString() {
        BsonTimestamp time = clusterTime();
        String index = eventIndex == AFTER_EVERY_EVENT ? "end" : eventIndex == BEFORE_EVERY_EVENT ? "start" : "#" + eventIndex;
        return "Timestamp(" + time.getTime() + ", " + time.getInc() + ") " + index + " (" + instant() + ")"
                + (resumeToken == null ? "" : ", resume token " + resumeToken);
    }
}
