package io.tributary.core.spi;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds connector factories on the class path by their {@code type}. */
public final class ConnectorFactories {
    private ConnectorFactories() {}

    public static SourceFactory source(String type) {
        return find(SourceFactory.class, "source", type);
    }

    public static SinkFactory sink(String type) {
        return find(SinkFactory.class, "sink", type);
    }

    public static <T extends ConnectorFactory> List<T> all(Class<T> kind) {
        List<T> factories = new ArrayList<>();
        ServiceLoader.load(kind, ConnectorFactories.class.getClassLoader()).forEach(factories::add);
        return factories;
    }

    private static <T extends ConnectorFactory> T find(Class<T> kind, String role, String type) {
        TreeSet<String> known = new TreeSet<>();
        for (T factory : all(kind)) {
            if (factory.identifier().equals(type)) {
                return factory;
            }
            known.add(factory.identifier());
        }
        throw new TributaryException(
                ErrorCode.CONNECTOR_UNKNOWN,
                "No " + role + " connector of type '" + type + "'. Available " + role + " types: " + String.join(", ", known)
                        + ". Check the " + role + ".type key of the pipeline file.");
    }
}
