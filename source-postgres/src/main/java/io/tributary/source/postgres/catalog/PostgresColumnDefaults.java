package io.tributary.source.postgres.catalog;

import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column defaults as PostgreSQL stores them ({@code pg_get_expr} of {@code pg_attrdef}): a constant
 * such as {@code 'web'::character varying}, {@code 0}, {@code (-1.5)}, {@code true} or
 * {@code '2024-02-29'::date} becomes its value; anything else ({@code nextval(…)}, {@code now()},
 * {@code CURRENT_TIMESTAMP}) is a computed default, carried as text only.
 */
public final class PostgresColumnDefaults {
    /** What the catalog query selects as the default's text, with {@code pg_attrdef d} joined. */
    public static final String EXPRESSION = "pg_catalog.pg_get_expr(d.adbin, d.adrelid)";
    /** The join of a column's default, for {@code pg_attribute a}. */
    public static final String JOIN = "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum ";

    private static final Pattern CAST = Pattern.compile("::[A-Za-z_][A-Za-z0-9_ .\"]*(\\([0-9, ]*\\))?(\\[\\])*$");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?");

    private PostgresColumnDefaults() {}

    /** The default of a column of {@code type} whose stored default reads {@code expression}; empty for none or NULL. */
    public static Optional<ColumnDefault> parse(String expression, DataType type) {
        if (expression == null || expression.isBlank()) {
            return Optional.empty();
        }
        String text = stripCasts(expression.trim());
        if (text.equalsIgnoreCase("NULL")) {
            return Optional.empty();
        }
        Optional<String> literal = literalText(text);
        if (literal.isEmpty()) {
            return Optional.of(ColumnDefault.computed(expression));
        }
        try {
            return Optional.of(ColumnDefault.literal(expression, PostgresValueParser.parse(type, literal.get())));
        } catch (RuntimeException e) {
            return Optional.of(ColumnDefault.computed(expression));
        }
    }

    /** Defaults of one table's columns, by column name, as the catalog holds them now. */
    public static Map<String, String> expressions(Connection connection, TableId table) throws SQLException {
        String sql = "SELECT a.attname, " + EXPRESSION + " FROM pg_catalog.pg_attribute a " + JOIN
                + "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped AND d.adbin IS NOT NULL";
        Map<String, String> defaults = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, SqlNames.quote(table.schema().orElseThrow()) + "." + SqlNames.quote(table.table()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    defaults.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return defaults;
    }

    /** {@code ('x'::text)::character varying} → {@code 'x'}; {@code (-1)} → {@code -1}. */
    private static String stripCasts(String text) {
        String current = text;
        while (true) {
            Matcher cast = CAST.matcher(current);
            String next = current;
            if (cast.find() && !insideQuotes(current, cast.start())) {
                next = current.substring(0, cast.start()).trim();
            }
            if (next.startsWith("(") && next.endsWith(")")) {
                next = next.substring(1, next.length() - 1).trim();
            }
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
    }

    private static boolean insideQuotes(String text, int index) {
        int quotes = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\'') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    /** The text of a quoted string, number or boolean constant; empty for anything else. */
    private static Optional<String> literalText(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            String body = text.substring(1, text.length() - 1);
            if (body.replace("''", "").contains("'")) {
                return Optional.empty();
            }
            return Optional.of(body.replace("''", "'"));
        }
        if (NUMBER.matcher(text).matches() || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Optional.of(text);
        }
        return Optional.empty();
    }
}
