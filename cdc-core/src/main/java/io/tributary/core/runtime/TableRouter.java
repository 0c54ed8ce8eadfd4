package io.tributary.core.runtime;

import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSelector;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a source table id to its sink table id: the first route whose {@code source-table}
 * selector (Flink CDC syntax, see {@link TableSelector}) matches wins; without a match the table keeps its schema (or,
 * for sources without schemas, its database) and name.
 */
public final class TableRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A route in serializable form; {@code replaceSymbol} is null when the route has none. */
    private record Route(String sourceTable, String sinkTable, String replaceSymbol) implements Serializable {
        String target(String tableName) {
            return replaceSymbol == null ? sinkTable : sinkTable.replace(replaceSymbol, tableName);
        }
    }

    private final List<Route> routes;
    private transient List<TableSelector> selectors;
    private transient ConcurrentHashMap<TableId, TableId> cache;

    public TableRouter(List<RouteDefinition> routes) {
        List<Route> converted = new ArrayList<>();
        for (RouteDefinition route : routes) {
            converted.add(new Route(route.sourceTable(), route.sinkTable(), route.replaceSymbol().orElse(null)));
        }
        this.routes = List.copyOf(converted);
    }

    /**
     * True when a route may send several source tables to one sink table: its source-table is a
     * pattern and its sink-table has no replace-symbol, or two routes name the same sink table.
     */
    public boolean mayMerge() {
        java.util.Set<String> sinkTables = new java.util.HashSet<>();
        for (Route route : routes) {
            boolean pattern = route.sourceTable().chars().anyMatch(c -> "\\*+?[](){}|^$".indexOf(c) >= 0);
            if ((pattern && route.replaceSymbol() == null) || !sinkTables.add(route.sinkTable())) {
                return true;
            }
        }
        return false;
    }

    public TableId route(TableId source) {
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            List<TableSelector> parsed = new ArrayList<>();
            for (Route route : routes) {
                parsed.add(TableSelector.parse(route.sourceTable()));
            }
            selectors = parsed;
        }
        return cache.computeIfAbsent(source, this::resolve);
    }

    private TableId resolve(TableId source) {
        for (int i = 0; i < routes.size(); i++) {
            if (selectors.get(i).matches(source)) {
                return TableId.parse(routes.get(i).target(source.table()));
            }
        }
        String namespace = source.schema().or(source::database).orElse(null);
        return namespace == null ? TableId.ofTable(source.table()) : TableId.ofSchemaTable(namespace, source.table());
    }
}
