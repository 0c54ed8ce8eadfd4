package io.tributary.pipeline;

import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.ConnectorFactory;
import io.tributary.core.spi.SinkFactory;
import io.tributary.core.spi.SourceFactory;
import java.util.List;

/** The two connector blocks of a pipeline file and how to find their factories. */
enum ConnectorRole {
    SOURCE("source"),
    SINK("sink");

    private final String key;

    ConnectorRole(String key) {
        this.key = key;
    }

    /** The top-level key of the block. */
    String key() {
        return key;
    }

    /** @throws io.tributary.core.error.TributaryException (CONNECTOR_UNKNOWN) when none is installed */
    ConnectorFactory factory(String type) {
        return this == SOURCE ? ConnectorFactories.source(type) : ConnectorFactories.sink(type);
    }

    /** The types installed for this role, sorted. */
    List<String> installedTypes() {
        Class<? extends ConnectorFactory> kind = this == SOURCE ? SourceFactory.class : SinkFactory.class;
        return ConnectorFactories.all(kind).stream().map(ConnectorFactory::identifier).sorted().toList();
    }
}
