package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * One item of a projection: {@code *} (every source column, in the table's order) or an
 * expression with the name of the column it produces.
 *
 * @param expression the parsed expression; empty for {@code *}
 * @param name the produced column's name (the alias, or the column or metadata column's own name)
 * @param text the item as written, for messages
 */
public record ProjectionItem(Optional<SqlNode> expression, Optional<String> name, String text) {
    public ProjectionItem {
        requireNonNull(expression, "expression is null");
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        if (expression.isPresent() != name.isPresent()) {
            throw new IllegalArgumentException("an expression item needs a name, and only it");
        }
    }

    public static ProjectionItem star() {
        return new ProjectionItem(Optional.empty(), Optional.empty(), "*");
    }

    public boolean isStar() {
        return expression.isEmpty();
    }
}
