package io.tributary.source.jdbc;

import static java.util.Objects.requireNonNull;

import io.tributary.core.serialization.VersionedSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The state every {@link JdbcSourceDialect} holds: its options, its connection factory and the
 * serializers of its position and marker types. A source's dialect extends it with what differs.
 *
 * @param <P> the log position type
 * @param <M> the snapshot epoch marker type
 * @param <O> the source's options type
 * @param <C> the source's connection factory type
 */
public abstract class AbstractJdbcSourceDialect<P extends Comparable<P>, M, O extends JdbcSourceOptions, C extends JdbcConnectionFactory>
        implements JdbcSourceDialect<P, M> {
    private static final long serialVersionUID = 1L;

    private final O options;
    private final C connections;
    private final VersionedSerializer<P> positionSerializer;
    private final VersionedSerializer<M> markerSerializer;

    protected AbstractJdbcSourceDialect(O options, C connections, VersionedSerializer<P> positionSerializer,
            VersionedSerializer<M> markerSerializer) {
        this.options = requireNonNull(options, "options is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.positionSerializer = requireNonNull(positionSerializer, "positionSerializer is null");
        this.markerSerializer = requireNonNull(markerSerializer, "markerSerializer is null");
    }

    @Override
    public final O options() {
        return options;
    }

    @Override
    public final C connections() {
        return connections;
    }

    @Override
    public final SimpleVersionedSerializer<P> positionSerializer() {
        return positionSerializer;
    }

    @Override
    public final SimpleVersionedSerializer<M> markerSerializer() {
        return markerSerializer;
    }
}
