package io.tributary.core.transform.expression;

import org.apache.calcite.sql.SqlNode;

/** How messages show a parsed expression: Calcite's form, without its identifier quotes. */
final class ExpressionText {
    private ExpressionText() {}

    static String of(SqlNode node) {
        return node.toString().replace("`", "").replace('\n', ' ');
    }
}
