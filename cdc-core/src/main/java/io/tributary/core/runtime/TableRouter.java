package io.tributary.core.runtime;

import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Maps a source table id to its sink table id: the first route whose {@code source-table}
 * expression matches the whole dotted id wins; without a match the table keeps its schema (or,
 * for sources without schemas, its database) and name.
 */
public final class TableRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<RouteDefinition> routes;
    private transient List<Pattern> patterns;
    private transient ConcurrentHashMap<TableId, TableId> cache;

    public TableRouter(List<RouteDefinition> routes) {
        this.routes = List.copyOf(routes);
    }

    public TableId route(TableId source) {
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            patterns = new ArrayList<>();
            for (RouteDefinition route : routes) {
                patterns.add(Pattern.compile(route.sourceTable()));
            }
        }
        return cache.computeIfAbsent(source, this::resolve);
    }

    private TableId resolve(TableId source) {
        for (int i = 0; i < routes.size(); i++) {
            if (patterns.get(i).matcher(source.identifier()).matches()) {
                RouteDefinition route = routes.get(i);
                String target = route.replaceSymbol().map(symbol -> route.sinkTable().replace(symbol, source.table())).orElse(route.sinkTable());
                return TableId.parse(target);
            }
        }
        String namespace = source.schema().or(source::database).orElse(null);
        return namespace == null ? TableId.ofTable(source.table()) : TableId.ofSchemaTable(namespace, source.table());
    }
}
