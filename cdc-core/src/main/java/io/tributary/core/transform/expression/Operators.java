package io.tributary.core.transform.expression;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlKind;

/** SQL's operators as evaluators, with SQL's three-valued logic: NULL in, NULL out, except where SQL says otherwise. */
final class Operators {
    private Operators() {}

    static TypedExpression arithmetic(SqlKind kind, TypedExpression left, TypedExpression right, String text, boolean checkTypes) {
        char operator = switch (kind) {
            case PLUS -> '+';
            case MINUS -> '-';
            case TIMES -> '*';
            case DIVIDE -> '/';
            default -> '%';
        };
        TypeKind resultKind = TypeKind.DECIMAL;
        DataType resultType = DataType.of(TypeKind.DECIMAL);
        if (checkTypes) {
            requireNumeric(left, text);
            requireNumeric(right, text);
            resultKind = Types.numericKind(left.type().kind(), right.type().kind());
            resultType = resultKind == TypeKind.DECIMAL ? Types.decimalResult(operator, left.type(), right.type()) : DataType.of(resultKind);
        }
        TypeKind computeIn = resultKind;
        Evaluator evaluator = strict(left, right, (x, y) -> apply(operator, computeIn, (Number) x, (Number) y, text));
        return new TypedExpression(evaluator, resultType, text, TypedExpression.columnsOf(List.of(left, right)));
    }

    /** A binary operator's evaluator: NULL when either operand is, the right one not evaluated when the left one is NULL. */
    private static Evaluator strict(TypedExpression left, TypedExpression right, BinaryOperator<Object> operator) {
        Evaluator a = left.evaluator();
        Evaluator b = right.evaluator();
        return context -> {
            Object x = a.evaluate(context);
            if (x == null) {
                return null;
            }
            Object y = b.evaluate(context);
            return y == null ? null : operator.apply(x, y);
        };
    }

    private static void requireNumeric(TypedExpression operand, String text) {
        if (!Types.isNumeric(operand.type().kind())) {
            throw new ExpressionException("type mismatch in '" + text + "': '" + operand.text() + "' is " + operand.type()
                    + ", not a number. Convert it with CAST(" + operand.text() + " AS DECIMAL(p, s)) or another numeric type");
        }
    }

    private static Object apply(char operator, TypeKind kind, Number x, Number y, String text) {
        try {
            switch (kind) {
                case INTEGER, BIGINT -> {
                    long a = x.longValue(), b = y.longValue();
                    long result = switch (operator) {
                        case '+' -> Math.addExact(a, b);
                        case '-' -> Math.subtractExact(a, b);
                        case '*' -> Math.multiplyExact(a, b);
                        case '/' -> a / b;
                        default -> a % b;
                    };
                    return kind == TypeKind.INTEGER ? (Object) Math.toIntExact(result) : (Object) result;
                }
                case DOUBLE -> {
                    double a = x.doubleValue(), b = y.doubleValue();
                    return switch (operator) {
                        case '+' -> a + b;
                        case '-' -> a - b;
                        case '*' -> a * b;
                        case '/' -> a / b;
                        default -> a % b;
                    };
                }
                default -> {
                    BigDecimal a = SqlValues.decimal(x), b = SqlValues.decimal(y);
                    return switch (operator) {
                        case '+' -> a.add(b);
                        case '-' -> a.subtract(b);
                        case '*' -> a.multiply(b);
                        case '/' -> a.divide(b, MathContext.DECIMAL128);
                        default -> a.remainder(b);
                    };
                }
            }
        } catch (ArithmeticException e) {
            throw new ExpressionException("'" + text + "' cannot be computed for " + SqlValues.text(x) + " and " + SqlValues.text(y) + ": "
                    + e.getMessage() + ". Guard it with CASE WHEN (e.g. CASE WHEN divisor <> 0 THEN ... END)", e);
        }
    }

    static TypedExpression negate(TypedExpression operand, String text, boolean checkTypes) {
        if (checkTypes) {
            requireNumeric(operand, text);
        }
        Evaluator a = operand.evaluator();
        Evaluator evaluator = context -> {
            Object x = a.evaluate(context);
            if (x instanceof Integer i) {
                return Math.negateExact(i);
            } else if (x instanceof Long l) {
                return Math.negateExact(l);
            } else if (x instanceof Short s) {
                return (short) -s;
            } else if (x instanceof Double d) {
                return -d;
            } else if (x instanceof Float f) {
                return -f;
            } else if (x instanceof BigDecimal d) {
                return d.negate();
            }
            return x;
        };
        return new TypedExpression(evaluator, operand.type().withNullable(true), text, operand.columns());
    }

    static TypedExpression comparison(SqlKind kind, TypedExpression left, TypedExpression right, String text, boolean checkTypes) {
        if (checkTypes) {
            requireComparable(left, right, text);
        }
        Evaluator evaluator = strict(left, right, (x, y) -> {
            int order = compare(x, y, text);
            return switch (kind) {
                case EQUALS -> order == 0;
                case NOT_EQUALS -> order != 0;
                case LESS_THAN -> order < 0;
                case LESS_THAN_OR_EQUAL -> order <= 0;
                case GREATER_THAN -> order > 0;
                default -> order >= 0;
            };
        });
        return new TypedExpression(evaluator, Types.BOOLEAN, text, TypedExpression.columnsOf(List.of(left, right)));
    }

    private static int compare(Object x, Object y, String text) {
        try {
            return SqlValues.compare(x, y);
        } catch (ExpressionException e) {
            throw new ExpressionException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /** Numbers with numbers, text with anything (read as the other side's type), temporal values with each other, else the same kind. */
    private static void requireComparable(TypedExpression left, TypedExpression right, String text) {
        TypeKind a = left.type().kind();
        TypeKind b = right.type().kind();
        boolean comparable = a == b
                || (Types.isNumeric(a) && Types.isNumeric(b))
                || SqlValues.isText(a) || SqlValues.isText(b)
                || (Types.isTemporal(a) && Types.isTemporal(b));
        if (!comparable) {
            throw new ExpressionException("type mismatch in '" + text + "': cannot compare " + left.type() + " ('" + left.text() + "') with "
                    + right.type() + " ('" + right.text() + "')");
        }
    }

    static TypedExpression logical(boolean and, List<TypedExpression> operands, String text) {
        Evaluator[] parts = operands.stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        Boolean decisive = !and;
        Evaluator evaluator = context -> {
            boolean unknown = false;
            for (Evaluator part : parts) {
                Object value = part.evaluate(context);
                if (value == null) {
                    unknown = true;
                } else if (value.equals(decisive)) {
                    return decisive;
                }
            }
            return unknown ? null : !decisive;
        };
        return new TypedExpression(evaluator, Types.BOOLEAN, text, TypedExpression.columnsOf(operands));
    }

    static TypedExpression not(TypedExpression operand, String text) {
        Evaluator a = operand.evaluator();
        Evaluator evaluator = context -> {
            Object value = a.evaluate(context);
            return value == null ? null : !(Boolean) value;
        };
        return new TypedExpression(evaluator, Types.BOOLEAN, text, operand.columns());
    }

    static TypedExpression isNull(boolean wantNull, TypedExpression operand, String text) {
        Evaluator a = operand.evaluator();
        Evaluator evaluator = context -> (a.evaluate(context) == null) == wantNull;
        return new TypedExpression(evaluator, Types.BOOLEAN.notNull(), text, operand.columns());
    }

    static TypedExpression isBoolean(SqlKind kind, TypedExpression operand, String text) {
        Evaluator a = operand.evaluator();
        Evaluator evaluator = context -> {
            Object value = a.evaluate(context);
            return switch (kind) {
                case IS_TRUE -> Boolean.TRUE.equals(value);
                case IS_NOT_TRUE -> !Boolean.TRUE.equals(value);
                case IS_FALSE -> Boolean.FALSE.equals(value);
                default -> !Boolean.FALSE.equals(value);
            };
        };
        return new TypedExpression(evaluator, Types.BOOLEAN.notNull(), text, operand.columns());
    }

    /** {@code value [NOT] LIKE pattern [ESCAPE c]}: {@code %} any text, {@code _} one character. */
    static TypedExpression like(boolean negated, List<TypedExpression> operands, String text, boolean checkTypes) {
        if (checkTypes) {
            for (TypedExpression operand : operands) {
                if (!SqlValues.isText(operand.type().kind())) {
                    throw new ExpressionException("type mismatch in '" + text + "': LIKE needs text, but '" + operand.text() + "' is " + operand.type());
                }
            }
        }
        Evaluator value = operands.get(0).evaluator();
        Evaluator pattern = operands.get(1).evaluator();
        Evaluator escape = operands.size() > 2 ? operands.get(2).evaluator() : context -> null;
        boolean constantPattern = operands.get(1).columns().isEmpty() && operands.size() == 2;
        List<Predicate<String>> cached = new ArrayList<>(1);
        Evaluator evaluator = context -> {
            Object v = value.evaluate(context);
            Object p = pattern.evaluate(context);
            if (v == null || p == null) {
                return null;
            }
            Predicate<String> matcher = cached.isEmpty() ? null : cached.get(0);
            if (matcher == null) {
                Object e = escape.evaluate(context);
                matcher = likeMatcher((String) p, e == null ? null : (String) e, text);
                if (constantPattern) {
                    cached.add(matcher);
                }
            }
            return matcher.test(SqlValues.text(v)) != negated;
        };
        return new TypedExpression(evaluator, Types.BOOLEAN, text, TypedExpression.columnsOf(operands));
    }

    /** A LIKE pattern as a test: plain string comparisons for the common {@code abc}, {@code abc%}, {@code %abc} and {@code %abc%}, else a regular expression. */
    static Predicate<String> likeMatcher(String pattern, String escape, String text) {
        if (escape != null && escape.length() != 1) {
            throw new ExpressionException("the ESCAPE of '" + text + "' must be one character, was '" + escape + "'");
        }
        boolean leading = pattern.startsWith("%");
        boolean trailing = pattern.length() > 1 && pattern.endsWith("%");
        String literal = pattern.substring(leading ? 1 : 0, pattern.length() - (trailing ? 1 : 0));
        if (escape == null && literal.indexOf('%') < 0 && literal.indexOf('_') < 0) {
            if (leading && trailing) {
                return candidate -> candidate.contains(literal);
            } else if (leading) {
                return candidate -> candidate.endsWith(literal);
            } else if (trailing) {
                return candidate -> candidate.startsWith(literal);
            }
            return literal::equals;
        }
        Pattern regex = likePattern(pattern, escape);
        return candidate -> regex.matcher(candidate).matches();
    }

    private static Pattern likePattern(String pattern, String escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape.charAt(0) && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** {@code value [NOT] IN (a, b, ...)}: TRUE on a match, else NULL when the value or a list item is NULL, else FALSE. */
    static TypedExpression in(boolean negated, TypedExpression value, List<TypedExpression> list, String text, boolean checkTypes) {
        if (checkTypes) {
            for (TypedExpression item : list) {
                requireComparable(value, item, text);
            }
        }
        Evaluator v = value.evaluator();
        Evaluator[] items = list.stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        Evaluator evaluator = context -> {
            Object x = v.evaluate(context);
            if (x == null) {
                return null;
            }
            boolean unknown = false;
            for (Evaluator item : items) {
                Object y = item.evaluate(context);
                if (y == null) {
                    unknown = true;
                } else if (compare(x, y, text) == 0) {
                    return !negated;
                }
            }
            return unknown ? null : negated;
        };
        List<TypedExpression> all = new ArrayList<>(list);
        all.add(value);
        return new TypedExpression(evaluator, Types.BOOLEAN, text, TypedExpression.columnsOf(all));
    }

    /** {@code value [NOT] BETWEEN low AND high}, i.e. {@code value >= low AND value <= high}. */
    static TypedExpression between(boolean negated, List<TypedExpression> operands, String text, boolean checkTypes) {
        TypedExpression value = operands.get(0);
        TypedExpression atLeast = comparison(SqlKind.GREATER_THAN_OR_EQUAL, value, operands.get(1), text, checkTypes);
        TypedExpression atMost = comparison(SqlKind.LESS_THAN_OR_EQUAL, value, operands.get(2), text, checkTypes);
        TypedExpression both = logical(true, List.of(atLeast, atMost), text);
        return negated ? not(both, text) : both;
    }

    static TypedExpression cast(TypedExpression operand, DataType type, String text) {
        Evaluator a = operand.evaluator();
        Evaluator evaluator = context -> {
            try {
                return SqlValues.cast(a.evaluate(context), type);
            } catch (ExpressionException e) {
                throw new ExpressionException("'" + text + "': " + e.getMessage(), e);
            }
        };
        return new TypedExpression(evaluator, type.withNullable(true), text, operand.columns());
    }

    /** CASE: the result of the first condition that is TRUE, else the last result (ELSE, NULL when absent). */
    static TypedExpression caseWhen(List<TypedExpression> conditions, List<TypedExpression> results, List<Boolean> nullLiterals, String text,
            boolean checkTypes) {
        DataType type = common(results, nullLiterals, text, checkTypes);
        Evaluator[] whens = conditions.stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        Evaluator[] thens = results.stream().map(result -> coerce(result, type)).toArray(Evaluator[]::new);
        Evaluator evaluator = context -> {
            for (int i = 0; i < whens.length; i++) {
                if (Boolean.TRUE.equals(whens[i].evaluate(context))) {
                    return thens[i].evaluate(context);
                }
            }
            return thens[whens.length].evaluate(context);
        };
        List<TypedExpression> all = new ArrayList<>(conditions);
        all.addAll(results);
        return new TypedExpression(evaluator, type, text, TypedExpression.columnsOf(all));
    }

    /** The common type of branches, or a type mismatch naming them. */
    static DataType common(List<TypedExpression> branches, List<Boolean> nullLiterals, String text, boolean checkTypes) {
        if (!checkTypes) {
            return DataType.of(TypeKind.TEXT);
        }
        DataType type = Types.common(branches.stream().map(TypedExpression::type).toList(), nullLiterals);
        if (type == null) {
            throw new ExpressionException("type mismatch in '" + text + "': its results have no common type ("
                    + String.join(", ", branches.stream().map(branch -> branch.text() + " is " + branch.type()).toList())
                    + "); CAST them to one type");
        }
        return type;
    }

    /** An evaluator whose values have the Java class of {@code type}. */
    static Evaluator coerce(TypedExpression expression, DataType type) {
        Evaluator evaluator = expression.evaluator();
        if (expression.type().kind() == type.kind() || !Types.isNumeric(type.kind())) {
            return evaluator;
        }
        TypeKind kind = type.kind();
        return context -> {
            Object value = evaluator.evaluate(context);
            return value == null ? null : SqlValues.number((Number) value, kind);
        };
    }
}
