package io.tributary.core.source.contract;

import static java.util.Objects.requireNonNull;

import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A committed encoding of one checkpointed value (a log position, a snapshot marker): the
 * resource {@code /serializer-fixtures/<resource>} holds what {@code serializer} wrote at
 * {@code version} for {@code expected}. A restore after an upgrade must decode it to the same value.
 */
public record SerializerFixture<T>(String resource, SimpleVersionedSerializer<T> serializer, int version, T expected) {
    public SerializerFixture {
        requireNonNull(resource, "resource is null");
        requireNonNull(serializer, "serializer is null");
        requireNonNull(expected, "expected is null");
        if (version < 1) {
            throw new IllegalArgumentException("serializer versions start at 1");
        }
    }
}
