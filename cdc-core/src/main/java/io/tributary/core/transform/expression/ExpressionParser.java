package io.tributary.core.transform.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses a transform's {@code projection} and {@code filter} with Apache Calcite's SQL parser, as
 * the select list and the WHERE clause of {@code SELECT <projection> FROM t WHERE <filter>}.
 * Identifiers keep their case; back-ticks quote them, as in Flink SQL. Only the parser is used:
 * nothing is validated or planned by Calcite.
 */
public final class ExpressionParser {
    private static final String PROJECTION_PREFIX = "SELECT ";
    private static final String FILTER_PREFIX = "SELECT * FROM t WHERE ";
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withConformance(SqlConformanceEnum.LENIENT)
            .withQuoting(Quoting.BACK_TICK)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true);

    private ExpressionParser() {}

    /** The items of a projection, e.g. {@code id, UPPER(name) AS name, *}. */
    public static List<ProjectionItem> parseProjection(String projection) {
        SqlSelect select = parse(PROJECTION_PREFIX + projection + " FROM t", PROJECTION_PREFIX.length(), "projection", projection);
        List<ProjectionItem> items = new ArrayList<>();
        for (SqlNode node : select.getSelectList()) {
            items.add(item(node, projection));
        }
        return items;
    }

    /** A filter condition, e.g. {@code id > 10 AND status <> 'test'}. */
    public static SqlNode parseFilter(String filter) {
        SqlSelect select = parse(FILTER_PREFIX + filter, FILTER_PREFIX.length(), "filter", filter);
        if (select.getWhere() == null) {
            throw new ExpressionException("filter '" + filter + "' is empty; write a condition such as id > 10, or remove the key");
        }
        return select.getWhere();
    }

    private static ProjectionItem item(SqlNode node, String projection) {
        if (node instanceof SqlIdentifier identifier && identifier.isStar()) {
            return ProjectionItem.star();
        }
        String text = ExpressionText.of(node);
        if (node.getKind() == SqlKind.AS) {
            List<SqlNode> operands = ((SqlBasicCall) node).getOperandList();
            return new ProjectionItem(Optional.of(operands.get(0)), Optional.of(((SqlIdentifier) operands.get(1)).getSimple()), text);
        }
        if (node instanceof SqlIdentifier identifier) {
            return new ProjectionItem(Optional.of(node), Optional.of(identifier.names.get(identifier.names.size() - 1)), text);
        }
        throw new ExpressionException("projection '" + projection + "': the computed column " + text + " has no name. Name it with AS, e.g. "
                + text + " AS " + "computed_1");
    }

    private static SqlSelect parse(String query, int prefixLength, String key, String expression) {
        try {
            SqlNode node = SqlParser.create(query, CONFIG).parseQuery();
            if (!(node instanceof SqlSelect select) || select.getFrom() == null) {
                throw new ExpressionException(key + " '" + expression + "' is not a list of expressions");
            }
            return select;
        } catch (SqlParseException e) {
            throw new ExpressionException(key + " '" + expression + "' has a syntax error " + position(e.getPos(), prefixLength) + ": "
                    + firstLine(e.getMessage()) + reservedWordHint(e.getMessage()), e);
        }
    }

    /** Where a parse error is, counted in the expression as written (not in the wrapping query). */
    private static String position(SqlParserPos pos, int prefixLength) {
        if (pos == null || pos.getLineNum() < 1) {
            return "";
        }
        int column = pos.getLineNum() == 1 ? Math.max(1, pos.getColumnNum() - prefixLength) : pos.getColumnNum();
        return pos.getLineNum() == 1 ? "at column " + column : "at line " + pos.getLineNum() + ", column " + column;
    }

    /** Columns named like SQL keywords (day, value, year, ...) must be quoted; a keyword written in capitals is taken as meant. */
    private static String reservedWordHint(String message) {
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("^Encountered \"(\\w+)\"").matcher(message == null ? "" : message);
        return word.find() && !word.group(1).equals(word.group(1).toUpperCase(java.util.Locale.ROOT)) ? " (a column named like the SQL keyword " + word.group(1) + " must be quoted with back-ticks: `" + word.group(1) + "`)" : "";
    }

    private static String firstLine(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return first.replaceAll(" at line \\d+, column \\d+\\.?$", "").replaceAll("\\.$", "");
    }
}
