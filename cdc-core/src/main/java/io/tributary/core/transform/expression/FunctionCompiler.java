package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;

/** The functions a transform may call (Flink CDC's common ones), compiled to evaluators. */
final class FunctionCompiler {
    /** Every function name, for messages. */
    static final List<String> NAMES = List.of("CONCAT", "FORMAT", "UPPER", "LOWER", "TRIM", "SUBSTR", "SUBSTRING", "REGEXP_REPLACE", "CHAR_LENGTH",
            "ABS", "CEIL", "FLOOR", "ROUND", "MOD", "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_DATE", "DATE_FORMAT", "TO_TIMESTAMP",
            "TIMESTAMP_DIFF", "TIMESTAMPDIFF", "COALESCE", "IF");
    private static final DateTimeFormatter DEFAULT_TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ExpressionCompiler compiler;

    FunctionCompiler(ExpressionCompiler compiler) {
        this.compiler = requireNonNull(compiler, "compiler is null");
    }

    /** Functions written without parentheses, such as CURRENT_TIMESTAMP. */
    Optional<TypedExpression> niladic(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "CURRENT_TIMESTAMP", "NOW" -> Optional.of(TypedExpression.constant(EvaluationContext::now,
                    DataType.temporal(TypeKind.TIMESTAMP_TZ, 3).notNull(), name));
            case "LOCALTIMESTAMP" -> Optional.of(TypedExpression.constant(context -> context.now().toLocalDateTime(),
                    DataType.temporal(TypeKind.TIMESTAMP, 3).notNull(), name));
            case "CURRENT_DATE" -> Optional.of(TypedExpression.constant(context -> context.now().toLocalDate(), DataType.of(TypeKind.DATE).notNull(), name));
            default -> Optional.empty();
        };
    }

    TypedExpression compile(SqlBasicCall call, String text) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<SqlNode> operands = call.getOperandList();
        if (call.getKind() == SqlKind.TRIM) {
            return trim(operands, text);
        }
        if (call.getKind() == SqlKind.TIMESTAMP_DIFF) {
            return timestampDiff(operands, text);
        }
        if (name.equals("||")) {
            return concat(compiler.compileAll(operands), text);
        }
        List<TypedExpression> args = compiler.compileAll(operands);
        // A declared function comes first: Flink CDC files declare functions named like built-in ones (format).
        Optional<TypedExpression> declared = compiler.userFunctions().compile(name, args, text, compiler.checksTypes());
        if (declared.isPresent()) {
            return declared.get();
        }
        return switch (name) {
            case "CONCAT" -> concat(args, text);
            case "FORMAT" -> format(args, text);
            case "UPPER" -> text(args, 1, text, value -> value.toUpperCase(Locale.ROOT));
            case "LOWER" -> text(args, 1, text, value -> value.toLowerCase(Locale.ROOT));
            case "SUBSTR", "SUBSTRING" -> substring(args, text);
            case "REGEXP_REPLACE" -> regexpReplace(args, text);
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> charLength(args, text);
            case "ABS", "CEIL", "CEILING", "FLOOR" -> numeric(name, args, text);
            case "ROUND" -> round(args, text);
            case "MOD" -> {
                arity(args, 2, 2, text);
                yield Operators.arithmetic(SqlKind.MOD, args.get(0), args.get(1), text, compiler.checksTypes());
            }
            case "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_DATE" -> {
                arity(args, 0, 0, text);
                yield niladic(name).orElseThrow();
            }
            case "DATE_FORMAT" -> dateFormat(args, text);
            case "TO_TIMESTAMP" -> toTimestamp(args, text);
            case "COALESCE" -> coalesce(operands, args, text);
            case "IF" -> conditional(operands, args, text);
            default -> throw new ExpressionException("unknown function " + name + " in '" + text + "'; the functions are " + String.join(", ", NAMES)
                    + (compiler.userFunctions().names().isEmpty() ? "" : " and the declared " + String.join(", ", compiler.userFunctions().names()))
                    + "; declare a function of your own under pipeline.user-defined-function");
        };
    }

    private static void arity(List<?> args, int min, int max, String text) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw new ExpressionException("'" + text + "' has " + args.size() + " argument" + (args.size() == 1 ? "" : "s") + "; it takes " + expected);
        }
    }

    private void requireText(TypedExpression arg, String text) {
        if (compiler.checksTypes() && !SqlValues.isText(arg.type().kind())) {
            throw new ExpressionException("type mismatch in '" + text + "': '" + arg.text() + "' is " + arg.type() + ", not text; CAST(" + arg.text()
                    + " AS STRING) converts it");
        }
    }

    private void requireNumeric(TypedExpression arg, String text) {
        if (compiler.checksTypes() && !Types.isNumeric(arg.type().kind())) {
            throw new ExpressionException("type mismatch in '" + text + "': '" + arg.text() + "' is " + arg.type() + ", not a number");
        }
    }

    private static TypedExpression of(Evaluator evaluator, DataType type, String text, List<TypedExpression> args) {
        return new TypedExpression(evaluator, type, text, TypedExpression.columnsOf(args));
    }

    /** CONCAT(a, b, ...) and a || b: the arguments' text joined; NULL if any is NULL. */
    /** Flink CDC's FORMAT(pattern, values...): Java's format string syntax ({@code %s}, {@code %S}, {@code %d}, ...); NULL for a NULL pattern. */
    private TypedExpression format(List<TypedExpression> args, String text) {
        arity(args, 1, Integer.MAX_VALUE, text);
        Evaluator pattern = args.get(0).evaluator();
        Evaluator[] values = args.subList(1, args.size()).stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        return of(context -> {
            Object format = pattern.evaluate(context);
            if (format == null) {
                return null;
            }
            Object[] arguments = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                arguments[i] = values[i].evaluate(context);
            }
            return String.format(Locale.ROOT, SqlValues.text(format), arguments);
        }, Types.STRING, text, args);
    }

    private TypedExpression concat(List<TypedExpression> args, String text) {
        arity(args, 1, Integer.MAX_VALUE, text);
        Evaluator[] parts = args.stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        return of(context -> {
            StringBuilder joined = new StringBuilder();
            for (Evaluator part : parts) {
                Object value = part.evaluate(context);
                if (value == null) {
                    return null;
                }
                joined.append(SqlValues.text(value));
            }
            return joined.toString();
        }, Types.STRING, text, args);
    }

    private TypedExpression text(List<TypedExpression> args, int count, String text, Function<String, String> function) {
        arity(args, count, count, text);
        requireText(args.get(0), text);
        Evaluator a = args.get(0).evaluator();
        return of(context -> {
            Object value = a.evaluate(context);
            return value == null ? null : function.apply((String) value);
        }, args.get(0).type().withNullable(true), text, args);
    }

    /** TRIM([BOTH | LEADING | TRAILING] [characters] FROM value); Calcite fills in BOTH and ' '. */
    private TypedExpression trim(List<SqlNode> operands, String text) {
        String where = ((SqlLiteral) operands.get(0)).toValue();
        List<TypedExpression> args = compiler.compileAll(operands.subList(1, operands.size()));
        requireText(args.get(1), text);
        Evaluator characters = args.get(0).evaluator();
        Evaluator value = args.get(1).evaluator();
        boolean leading = !"TRAILING".equals(where);
        boolean trailing = !"LEADING".equals(where);
        return of(context -> {
            Object v = value.evaluate(context);
            Object c = characters.evaluate(context);
            if (v == null || c == null) {
                return null;
            }
            String s = (String) v;
            String strip = (String) c;
            int start = 0;
            int end = s.length();
            while (leading && start < end && strip.indexOf(s.charAt(start)) >= 0) {
                start++;
            }
            while (trailing && end > start && strip.indexOf(s.charAt(end - 1)) >= 0) {
                end--;
            }
            return s.substring(start, end);
        }, Types.STRING, text, args);
    }

    /** SUBSTR(value, start [, length]): 1-based, as SQL; a start before 1 shortens the result as SQL does. */
    private TypedExpression substring(List<TypedExpression> args, String text) {
        arity(args, 2, 3, text);
        requireText(args.get(0), text);
        for (TypedExpression arg : args.subList(1, args.size())) {
            requireIntegral(arg, text);
        }
        Evaluator value = args.get(0).evaluator();
        Evaluator start = args.get(1).evaluator();
        Evaluator length = args.size() > 2 ? args.get(2).evaluator() : null;
        return of(context -> {
            Object v = value.evaluate(context);
            Object s = start.evaluate(context);
            Object l = length == null ? Integer.MAX_VALUE : length.evaluate(context);
            if (v == null || s == null || l == null) {
                return null;
            }
            String string = (String) v;
            long from = ((Number) s).longValue();
            long to = length == null ? Long.MAX_VALUE : from + ((Number) l).longValue();
            if (length != null && ((Number) l).longValue() < 0) {
                throw new ExpressionException("'" + text + "': the length " + l + " is negative");
            }
            int begin = (int) Math.min(Math.max(from, 1) - 1, string.length());
            int end = (int) Math.min(Math.max(to - 1, begin), string.length());
            return string.substring(begin, end);
        }, Types.STRING, text, args);
    }

    private void requireIntegral(TypedExpression arg, String text) {
        if (compiler.checksTypes() && !Types.isIntegral(arg.type().kind())) {
            throw new ExpressionException("type mismatch in '" + text + "': '" + arg.text() + "' is " + arg.type() + ", not an integer");
        }
    }

    /** REGEXP_REPLACE(value, regex, replacement): every match replaced (Java regular expressions, $1 for groups). */
    private TypedExpression regexpReplace(List<TypedExpression> args, String text) {
        arity(args, 3, 3, text);
        args.forEach(arg -> requireText(arg, text));
        Evaluator value = args.get(0).evaluator();
        Evaluator regex = args.get(1).evaluator();
        Evaluator replacement = args.get(2).evaluator();
        boolean constant = args.get(1).columns().isEmpty();
        Pattern[] cached = new Pattern[1];
        return of(context -> {
            Object v = value.evaluate(context);
            Object r = regex.evaluate(context);
            Object w = replacement.evaluate(context);
            if (v == null || r == null || w == null) {
                return null;
            }
            Pattern pattern = cached[0] != null ? cached[0] : Pattern.compile((String) r);
            if (constant) {
                cached[0] = pattern;
            }
            return pattern.matcher((String) v).replaceAll((String) w);
        }, Types.STRING, text, args);
    }

    private TypedExpression charLength(List<TypedExpression> args, String text) {
        arity(args, 1, 1, text);
        requireText(args.get(0), text);
        Evaluator value = args.get(0).evaluator();
        return of(context -> {
            Object v = value.evaluate(context);
            return v == null ? null : ((String) v).codePointCount(0, ((String) v).length());
        }, Types.INTEGER, text, args);
    }

    /** ABS, CEIL and FLOOR keep the argument's kind (a DECIMAL's scale becomes 0 for CEIL and FLOOR). */
    private TypedExpression numeric(String name, List<TypedExpression> args, String text) {
        arity(args, 1, 1, text);
        requireNumeric(args.get(0), text);
        DataType type = args.get(0).type().withNullable(true);
        if (!name.equals("ABS") && type.kind() == TypeKind.DECIMAL) {
            type = type.precision().isPresent() ? DataType.decimal(type.precision().getAsInt(), 0) : DataType.of(TypeKind.DECIMAL);
        }
        Evaluator value = args.get(0).evaluator();
        RoundingMode mode = name.startsWith("CEIL") ? RoundingMode.CEILING : RoundingMode.FLOOR;
        boolean abs = name.equals("ABS");
        return of(context -> {
            Object v = value.evaluate(context);
            if (v == null) {
                return null;
            }
            if (abs) {
                return absolute(v);
            }
            if (v instanceof Double d) {
                return mode == RoundingMode.CEILING ? Math.ceil(d) : Math.floor(d);
            } else if (v instanceof Float f) {
                return (float) (mode == RoundingMode.CEILING ? Math.ceil(f) : Math.floor(f));
            } else if (v instanceof BigDecimal d) {
                return d.setScale(0, mode);
            }
            return v;
        }, type, text, args);
    }

    private static Object absolute(Object v) {
        if (v instanceof Integer i) {
            return Math.absExact(i);
        } else if (v instanceof Long l) {
            return Math.absExact(l);
        } else if (v instanceof Short s) {
            return (short) Math.abs(s);
        } else if (v instanceof Double d) {
            return Math.abs(d);
        } else if (v instanceof Float f) {
            return Math.abs(f);
        }
        return ((BigDecimal) v).abs();
    }

    /** ROUND(value [, digits]): half away from zero; a DECIMAL gets the scale {@code digits} when it is a literal. */
    private TypedExpression round(List<TypedExpression> args, String text) {
        arity(args, 1, 2, text);
        requireNumeric(args.get(0), text);
        if (args.size() > 1) {
            requireIntegral(args.get(1), text);
        }
        DataType type = args.get(0).type().withNullable(true);
        Evaluator value = args.get(0).evaluator();
        Evaluator digits = args.size() > 1 ? args.get(1).evaluator() : context -> 0;
        if (type.kind() == TypeKind.DECIMAL && args.size() > 1 && args.get(1).columns().isEmpty()) {
            Object fixed = args.get(1).evaluate(new EvaluationContext());
            int scale = fixed == null ? 0 : Math.max(0, ((Number) fixed).intValue());
            type = type.precision().isPresent() ? DataType.decimal(type.precision().getAsInt(), Math.min(scale, type.precision().getAsInt()))
                    : DataType.of(TypeKind.DECIMAL);
        } else if (type.kind() == TypeKind.DECIMAL && args.size() == 1) {
            type = type.precision().isPresent() ? DataType.decimal(type.precision().getAsInt(), 0) : DataType.of(TypeKind.DECIMAL);
        }
        return of(context -> {
            Object v = value.evaluate(context);
            Object d = digits.evaluate(context);
            if (v == null || d == null) {
                return null;
            }
            int places = ((Number) d).intValue();
            BigDecimal rounded = SqlValues.decimal((Number) v).setScale(places, RoundingMode.HALF_UP);
            if (v instanceof BigDecimal) {
                return places < 0 ? rounded.setScale(0) : rounded;
            }
            return SqlValues.number(rounded, kindOf(v));
        }, type, text, args);
    }

    private static TypeKind kindOf(Object number) {
        if (number instanceof Integer) {
            return TypeKind.INTEGER;
        } else if (number instanceof Long) {
            return TypeKind.BIGINT;
        } else if (number instanceof Short) {
            return TypeKind.SMALLINT;
        } else if (number instanceof Float) {
            return TypeKind.FLOAT;
        }
        return TypeKind.DOUBLE;
    }

    /** DATE_FORMAT(timestamp, pattern): the timestamp (or text read as one) written with a Java/Flink pattern such as 'yyyy-MM-dd'. */
    private TypedExpression dateFormat(List<TypedExpression> args, String text) {
        arity(args, 2, 2, text);
        requireText(args.get(1), text);
        Evaluator value = args.get(0).evaluator();
        Evaluator pattern = args.get(1).evaluator();
        DateTimeFormatter[] cached = new DateTimeFormatter[1];
        boolean constant = args.get(1).columns().isEmpty();
        return of(context -> {
            Object v = value.evaluate(context);
            Object p = pattern.evaluate(context);
            if (v == null || p == null) {
                return null;
            }
            DateTimeFormatter formatter = cached[0] != null ? cached[0] : formatter((String) p, text);
            if (constant) {
                cached[0] = formatter;
            }
            LocalDateTime timestamp = v instanceof LocalDate date ? date.atStartOfDay() : SqlValues.toTimestamp(v);
            return timestamp.format(formatter);
        }, Types.STRING, text, args);
    }

    private static DateTimeFormatter formatter(String pattern, String text) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("'" + text + "': '" + pattern + "' is not a date pattern: " + e.getMessage(), e);
        }
    }

    /** TO_TIMESTAMP(text [, pattern]): text read with the pattern (default 'yyyy-MM-dd HH:mm:ss'); NULL when it does not match. */
    private TypedExpression toTimestamp(List<TypedExpression> args, String text) {
        arity(args, 1, 2, text);
        args.forEach(arg -> requireText(arg, text));
        Evaluator value = args.get(0).evaluator();
        Evaluator pattern = args.size() > 1 ? args.get(1).evaluator() : null;
        return of(context -> {
            Object v = value.evaluate(context);
            Object p = pattern == null ? null : pattern.evaluate(context);
            if (v == null || (pattern != null && p == null)) {
                return null;
            }
            DateTimeFormatter formatter = p == null ? DEFAULT_TIMESTAMP_FORMAT : formatter((String) p, text);
            try {
                return LocalDateTime.parse((String) v, formatter);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse((String) v, formatter).atStartOfDay();
                } catch (DateTimeParseException notADate) {
                    return null;
                }
            }
        }, DataType.temporal(TypeKind.TIMESTAMP, 3), text, args);
    }

    /**
     * TIMESTAMPDIFF(unit, from, to) and Flink CDC's TIMESTAMP_DIFF('unit', from, to): whole units
     * (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR) from {@code from} to {@code to}.
     */
    private TypedExpression timestampDiff(List<SqlNode> operands, String text) {
        arity(operands, 3, 3, text);
        String unit;
        if (operands.get(0) instanceof SqlIntervalQualifier qualifier) {
            unit = qualifier.timeUnitRange.startUnit.name();
        } else if (operands.get(0) instanceof SqlCharStringLiteral literal) {
            unit = literal.getValueAs(String.class).toUpperCase(Locale.ROOT);
        } else {
            throw new ExpressionException("'" + text + "': the first argument must be a unit such as 'DAY' or DAY");
        }
        ChronoUnit chronoUnit = switch (unit) {
            case "SECOND" -> ChronoUnit.SECONDS;
            case "MINUTE" -> ChronoUnit.MINUTES;
            case "HOUR" -> ChronoUnit.HOURS;
            case "DAY" -> ChronoUnit.DAYS;
            case "MONTH" -> ChronoUnit.MONTHS;
            case "YEAR" -> ChronoUnit.YEARS;
            default -> throw new ExpressionException("'" + text + "': unit " + unit + " is not one of SECOND, MINUTE, HOUR, DAY, MONTH, YEAR");
        };
        // Calcite reads a third argument it expects to be a unit as one; here it is a column name.
        SqlNode last = operands.get(2) instanceof SqlIntervalQualifier qualifier && qualifier.timeFrameName != null
                ? new org.apache.calcite.sql.SqlIdentifier(qualifier.timeFrameName, qualifier.getParserPosition())
                : operands.get(2);
        List<TypedExpression> args = compiler.compileAll(List.of(operands.get(1), last));
        for (TypedExpression arg : args) {
            if (compiler.checksTypes() && !Types.isTemporal(arg.type().kind()) && !SqlValues.isText(arg.type().kind())) {
                throw new ExpressionException("type mismatch in '" + text + "': '" + arg.text() + "' is " + arg.type() + ", not a timestamp");
            }
        }
        Evaluator from = args.get(0).evaluator();
        Evaluator to = args.get(1).evaluator();
        return of(context -> {
            Object a = from.evaluate(context);
            Object b = to.evaluate(context);
            if (a == null || b == null) {
                return null;
            }
            return Math.toIntExact(chronoUnit.between(utc(a), utc(b)));
        }, Types.INTEGER, text, args);
    }

    private static LocalDateTime utc(Object value) {
        if (value instanceof OffsetDateTime instant) {
            return instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return value instanceof LocalDate date ? date.atStartOfDay() : SqlValues.toTimestamp(value);
    }

    /** COALESCE(a, b, ...): the first argument that is not NULL. */
    private TypedExpression coalesce(List<SqlNode> operands, List<TypedExpression> args, String text) {
        arity(args, 1, Integer.MAX_VALUE, text);
        DataType type = Operators.common(args, ExpressionCompiler.nullLiterals(operands), text, compiler.checksTypes());
        Evaluator[] parts = args.stream().map(arg -> Operators.coerce(arg, type)).toArray(Evaluator[]::new);
        boolean anyNotNull = args.stream().anyMatch(arg -> !arg.type().nullable());
        return of(context -> {
            for (Evaluator part : parts) {
                Object value = part.evaluate(context);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }, type.withNullable(!anyNotNull), text, args);
    }

    /** IF(condition, then, else): {@code then} when the condition is TRUE, else {@code else}. */
    private TypedExpression conditional(List<SqlNode> operands, List<TypedExpression> args, String text) {
        arity(args, 3, 3, text);
        compiler.requireKind(args.get(0), TypeKind.BOOLEAN, "the condition of '" + text + "'");
        return Operators.caseWhen(List.of(args.get(0)), args.subList(1, 3), ExpressionCompiler.nullLiterals(operands.subList(1, 3)), text,
                compiler.checksTypes());
    }
}
