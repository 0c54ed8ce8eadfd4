package io.tributary.source.mongodb;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's release as {@code buildInfo} reports it ({@code 6.0.9}, {@code 7.0.2-rc0}), for features that need a minimum. */
record MongoServerVersion(int major, int minor, int patch) implements Comparable<MongoServerVersion> {
    /** The first release with {@code $changeStreamSplitLargeEvent} (7.0 and the 6.0 line from 6.0.9). */
    static final MongoServerVersion SPLIT_LARGE_EVENT = new MongoServerVersion(6, 0, 9);

    private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
    private static final Comparator<MongoServerVersion> ORDER = Comparator.comparingInt(MongoServerVersion::major)
            .thenComparingInt(MongoServerVersion::minor).thenComparingInt(MongoServerVersion::patch);

    MongoServerVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("a version has no negative parts: " + major + "." + minor + "." + patch);
        }
    }

    /** The release a {@code buildInfo.version} string names; empty when it names none. */
    static Optional<MongoServerVersion> parse(String version) {
        Matcher matcher = RELEASE.matcher(version.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MongoServerVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3))));
    }

    boolean isAtLeast(MongoServerVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(MongoServerVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
