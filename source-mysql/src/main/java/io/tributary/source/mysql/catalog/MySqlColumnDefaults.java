package io.tributary.source.mysql.catalog;

import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column defaults of MySQL and MariaDB, from {@code information_schema.COLUMNS} or from the
 * {@code DEFAULT} of a column definition in DDL. A constant ({@code 'web'}, {@code 0},
 * {@code -1.5}, {@code TRUE}, {@code '2024-02-29'}) becomes a value of the column's kind; an
 * expression ({@code CURRENT_TIMESTAMP}, {@code uuid()}, {@code (a + 1)}) is a computed default,
 * carried as text only.
 */
public final class MySqlColumnDefaults {
    /** The DEFAULT of a column definition: a quoted string, a number, a word with optional (), or a parenthesised expression. */
    private static final Pattern DEFAULT = Pattern.compile(
            "(?i)\\bDEFAULT\\s+('(?:[^'\\\\]|\\\\.|'')*'|[-+]?[0-9.]+(?:e[-+]?[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*(?:\\s*\\([^()]*\\))?|\\((?:[^()]|\\([^()]*\\))*\\))",
            Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?");

    private MySqlColumnDefaults() {}

    /**
     * The default as {@code information_schema.COLUMNS} reports it. MariaDB writes it as SQL
     * (strings quoted, {@code NULL} for none, functions as calls); MySQL writes a constant's bare
     * text and marks expressions {@code DEFAULT_GENERATED} in {@code EXTRA}.
     */
    public static Optional<ColumnDefault> fromCatalog(String columnDefault, String extra, ServerFlavor flavor, DataType type) {
        if (columnDefault == null) {
            return Optional.empty();
        }
        if (flavor == ServerFlavor.MARIADB) {
            return fromSql(columnDefault, type);
        }
        boolean generated = extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED");
        if (generated || columnDefault.toUpperCase(Locale.ROOT).startsWith("CURRENT_TIMESTAMP")) {
            return Optional.of(ColumnDefault.computed(columnDefault));
        }
        return literal(columnDefault, columnDefault, type);
    }

    /** The default named in a column definition's options (the text after its type), e.g. {@code NOT NULL DEFAULT 'web'}. */
    public static Optional<ColumnDefault> fromDefinition(String options, DataType type) {
        Matcher matcher = DEFAULT.matcher(options);
        return matcher.find() ? fromSql(matcher.group(1), type) : Optional.empty();
    }

    private static Optional<ColumnDefault> fromSql(String sql, DataType type) {
        String text = sql.trim();
        if (text.equalsIgnoreCase("NULL")) {
            return Optional.empty();
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return literal(text, unquote(text.substring(1, text.length() - 1)), type);
        }
        if (NUMBER.matcher(text).matches() || text.equalsIgnoreCase("TRUE") || text.equalsIgnoreCase("FALSE")) {
            return literal(text, text, type);
        }
        return Optional.of(ColumnDefault.computed(text));
    }

    private static Optional<ColumnDefault> literal(String expression, String text, DataType type) {
        try {
            return Optional.of(ColumnDefault.literal(expression, value(text, type)));
        } catch (RuntimeException notOfTheKind) {
            return Optional.of(ColumnDefault.computed(expression));
        }
    }

    private static Object value(String text, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> text.equalsIgnoreCase("true") || (!text.equalsIgnoreCase("false") && new BigDecimal(text).signum() != 0);
            case SMALLINT -> Short.valueOf(text);
            case INTEGER -> Integer.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case FLOAT -> Float.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
            case DECIMAL -> new BigDecimal(text);
            case CHAR, VARCHAR, TEXT, JSON -> text;
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'));
            default -> throw new IllegalArgumentException("no constant default for " + type);
        };
    }

    /** A string literal's text: {@code ''} and backslash escapes undone. */
    private static String unquote(String body) {
        StringBuilder text = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                text.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
