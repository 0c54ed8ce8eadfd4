package io.tributary.core.model;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Flink CDC table selector such as {@code appdb.public.\.*}: an unescaped dot separates the
 * parts of the table id, {@code \.} stands for the regular-expression dot, and each part is a
 * regular expression that must match the whole part. It matches ids with as many parts as it has;
 * a two-part selector also matches a three-part id by its schema and table, as Flink CDC names
 * PostgreSQL tables without their database.
 */
public final class TableSelector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final List<String> parts;
    private transient List<Pattern> patterns;

    private TableSelector(String text, List<String> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** Parses one selector; throws IllegalArgumentException for an invalid regular expression. */
    public static TableSelector parse(String selector) {
        requireNonNull(selector, "selector is null");
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length() && selector.charAt(i + 1) == '.') {
                part.append('.');
                i++;
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        TableSelector parsed = new TableSelector(selector, parts);
        parsed.compiled();
        return parsed;
    }

    public boolean matches(TableId tableId) {
        List<String> idParts = new ArrayList<>(3);
        tableId.database().ifPresent(idParts::add);
        tableId.schema().ifPresent(idParts::add);
        idParts.add(tableId.table());
        List<Pattern> compiled = compiled();
        if (idParts.size() == 3 && compiled.size() == 2) {
            // Flink CDC names a PostgreSQL table schema.table (the source captures one database),
            // so its routes and transforms say public.orders where the id here is appdb.public.orders.
            idParts.remove(0);
        }
        if (idParts.size() != compiled.size()) {
            return false;
        }
        for (int i = 0; i < compiled.size(); i++) {
            if (!compiled.get(i).matcher(idParts.get(i)).matches()) {
                return false;
            }
        }
        return true;
    }

    private List<Pattern> compiled() {
        if (patterns == null) {
            List<Pattern> list = new ArrayList<>(parts.size());
            for (String part : parts) {
                list.add(Pattern.compile(part));
            }
            patterns = list;
        }
        return patterns;
    }

    @Override
    public String toString() {
        return text;
    }
}
