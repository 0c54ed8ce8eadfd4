package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.Serializable;

/**
 * What a JDBC source is, whatever its options: its name, how its SQL quotes names, and the
 * serializers of its position and marker types.
 *
 * @param <P> the log position type
 * @param <M> the snapshot epoch marker type
 */
public record JdbcSourceTraits<P, M>(String name, IdentifierQuoting quoting, VersionedSerializer<P> positionSerializer,
        VersionedSerializer<M> markerSerializer) implements Serializable {
    public JdbcSourceTraits {
        requireNonNull(name, "name is null");
        requireNonNull(quoting, "quoting is null");
        requireNonNull(positionSerializer, "positionSerializer is null");
        requireNonNull(markerSerializer, "markerSerializer is null");
    }
}
