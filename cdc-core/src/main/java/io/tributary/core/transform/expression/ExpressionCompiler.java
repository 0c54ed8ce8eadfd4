package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Compiles a parsed expression into a tree of {@link Evaluator}s over a row, inferring each
 * node's type. Names resolve through a {@link ColumnScope}. With type checks off (for checking a
 * file before any schema is known) operand types are not checked, only the structure: operators,
 * functions and their number of arguments.
 */
public final class ExpressionCompiler {
    private final ColumnScope scope;
    private final boolean checkTypes;
    private final FunctionCompiler functions;
    private final UserFunctions userFunctions;

    public ExpressionCompiler(ColumnScope scope, boolean checkTypes) {
        this(scope, checkTypes, UserFunctions.none());
    }

    /** A compiler whose expressions may also call the functions the pipeline declares. */
    public ExpressionCompiler(ColumnScope scope, boolean checkTypes, UserFunctions userFunctions) {
        this.scope = requireNonNull(scope, "scope is null");
        this.checkTypes = checkTypes;
        this.userFunctions = requireNonNull(userFunctions, "userFunctions is null");
        this.functions = new FunctionCompiler(this);
    }

    UserFunctions userFunctions() {
        return userFunctions;
    }

    boolean checksTypes() {
        return checkTypes;
    }

    /** Compiles a filter: it must be a condition (BOOLEAN). */
    public TypedExpression compileCondition(SqlNode node) {
        TypedExpression condition = compile(node);
        requireKind(condition, TypeKind.BOOLEAN, "a filter");
        return condition;
    }

    public TypedExpression compile(SqlNode node) {
        String text = ExpressionText.of(node);
        if (node instanceof SqlIdentifier identifier) {
            return identifier(identifier, text);
        } else if (node instanceof SqlLiteral literal) {
            return literal(literal, text);
        } else if (node instanceof SqlCase sqlCase) {
            return caseWhen(sqlCase, text);
        } else if (node instanceof SqlBasicCall call) {
            return call(call, text);
        }
        throw new ExpressionException("'" + text + "' is not supported in a transform expression");
    }

    List<TypedExpression> compileAll(List<SqlNode> nodes) {
        List<TypedExpression> compiled = new ArrayList<>(nodes.size());
        for (SqlNode node : nodes) {
            compiled.add(compile(node));
        }
        return compiled;
    }

    private TypedExpression identifier(SqlIdentifier identifier, String text) {
        if (identifier.isStar()) {
            throw new ExpressionException("* may only stand alone in a projection, not in '" + text + "'");
        }
        String name = identifier.names.get(identifier.names.size() - 1);
        Optional<TypedExpression> resolved = scope.resolve(name);
        if (resolved.isPresent()) {
            return resolved.get();
        }
        return functions.niladic(name).orElseThrow(() -> new ExpressionException("unknown column '" + name + "'"));
    }

    private TypedExpression literal(SqlLiteral literal, String text) {
        if (literal instanceof SqlNumericLiteral number) {
            BigDecimal value = number.getValueAs(BigDecimal.class);
            if (!number.isExact()) {
                double floating = value.doubleValue();
                return TypedExpression.constant(context -> floating, DataType.of(TypeKind.DOUBLE).notNull(), text);
            }
            if (value.scale() <= 0) {
                try {
                    int small = value.intValueExact();
                    return TypedExpression.constant(context -> small, DataType.of(TypeKind.INTEGER).notNull(), text);
                } catch (ArithmeticException tooBig) {
                    long big = value.longValueExact();
                    return TypedExpression.constant(context -> big, DataType.of(TypeKind.BIGINT).notNull(), text);
                }
            }
            return TypedExpression.constant(context -> value, DataType.decimal(Math.max(value.precision(), value.scale()), value.scale()).notNull(), text);
        }
        if (literal instanceof SqlCharStringLiteral) {
            String value = literal.getValueAs(String.class);
            return TypedExpression.constant(context -> value, Types.STRING.notNull(), text);
        }
        if (literal.getTypeName() == SqlTypeName.BOOLEAN) {
            Boolean value = literal.booleanValue();
            return TypedExpression.constant(context -> value, Types.BOOLEAN.notNull(), text);
        }
        if (literal.getTypeName() == SqlTypeName.NULL) {
            return TypedExpression.constant(context -> null, Types.STRING, text);
        }
        // Calcite leaves DATE '...', TIME '...' and TIMESTAMP '...' to its validator, which is not used: read them here.
        String written = literal.toString();
        int quote = written.indexOf('\'');
        Optional<TypeKind> temporal = quote < 0 ? Optional.empty() : switch (written.substring(0, quote).trim().toUpperCase(java.util.Locale.ROOT)) {
            case "DATE" -> Optional.of(TypeKind.DATE);
            case "TIME" -> Optional.of(TypeKind.TIME);
            case "TIMESTAMP" -> Optional.of(TypeKind.TIMESTAMP);
            default -> Optional.empty();
        };
        if (temporal.isPresent()) {
            DataType type = DataType.of(temporal.get()).notNull();
            Object value = SqlValues.cast(written.substring(quote + 1, written.lastIndexOf('\'')), type);
            return TypedExpression.constant(context -> value, type, text);
        }
        throw new ExpressionException("the literal " + text + " is not supported; use a number, 'text', TRUE, FALSE, NULL, DATE '...' or TIMESTAMP '...'");
    }

    private TypedExpression call(SqlBasicCall call, String text) {
        SqlKind kind = call.getKind();
        List<SqlNode> operands = call.getOperandList();
        return switch (kind) {
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> Operators.arithmetic(kind, compile(operands.get(0)), compile(operands.get(1)), text, checkTypes);
            case MINUS_PREFIX -> Operators.negate(compile(operands.get(0)), text, checkTypes);
            case PLUS_PREFIX -> compile(operands.get(0));
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
                    Operators.comparison(kind, compile(operands.get(0)), compile(operands.get(1)), text, checkTypes);
            case AND, OR -> Operators.logical(kind == SqlKind.AND, conditions(operands, text), text);
            case NOT -> Operators.not(condition(operands.get(0), text), text);
            case IS_NULL, IS_NOT_NULL -> Operators.isNull(kind == SqlKind.IS_NULL, compile(operands.get(0)), text);
            case IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> Operators.isBoolean(kind, condition(operands.get(0), text), text);
            case LIKE -> Operators.like(((SqlLikeOperator) call.getOperator()).isNegated(), compileAll(operands), text, checkTypes);
            case IN, NOT_IN -> Operators.in(kind == SqlKind.NOT_IN, compile(operands.get(0)), compileAll(((SqlNodeList) operands.get(1)).getList()), text, checkTypes);
            case BETWEEN -> Operators.between(((SqlBetweenOperator) call.getOperator()).isNegated(), compileAll(operands), text, checkTypes);
            case CAST -> Operators.cast(compile(operands.get(0)), castType((SqlDataTypeSpec) operands.get(1), text), text);
            case AS -> throw new ExpressionException("AS may only name a projection item, not appear inside '" + text + "'");
            default -> functions.compile(call, text);
        };
    }

    private TypedExpression condition(SqlNode node, String text) {
        TypedExpression condition = compile(node);
        requireKind(condition, TypeKind.BOOLEAN, "an operand of '" + text + "'");
        return condition;
    }

    private List<TypedExpression> conditions(List<SqlNode> nodes, String text) {
        List<TypedExpression> compiled = new ArrayList<>();
        for (SqlNode node : nodes) {
            compiled.add(condition(node, text));
        }
        return compiled;
    }

    void requireKind(TypedExpression expression, TypeKind kind, String role) {
        if (checkTypes && expression.type().kind() != kind) {
            throw new ExpressionException("type mismatch: " + role + " must be " + kind + ", but '" + expression.text() + "' is " + expression.type());
        }
    }

    private TypedExpression caseWhen(SqlCase sqlCase, String text) {
        List<TypedExpression> conditions = new ArrayList<>();
        Optional<TypedExpression> value = Optional.ofNullable(sqlCase.getValueOperand()).map(this::compile);
        for (SqlNode when : sqlCase.getWhenOperands()) {
            conditions.add(value.isPresent()
                    ? Operators.comparison(SqlKind.EQUALS, value.get(), compile(when), text, checkTypes)
                    : condition(when, text));
        }
        List<SqlNode> resultNodes = new ArrayList<>(sqlCase.getThenOperands().getList());
        resultNodes.add(sqlCase.getElseOperand() == null ? SqlLiteral.createNull(sqlCase.getParserPosition()) : sqlCase.getElseOperand());
        List<TypedExpression> results = compileAll(resultNodes);
        return Operators.caseWhen(conditions, results, nullLiterals(resultNodes), text, checkTypes);
    }

    static List<Boolean> nullLiterals(List<SqlNode> nodes) {
        List<Boolean> flags = new ArrayList<>(nodes.size());
        for (SqlNode node : nodes) {
            flags.add(node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL);
        }
        return flags;
    }

    /** The model type a CAST names, e.g. DECIMAL(10, 2), VARCHAR(20), STRING, TIMESTAMP(3). */
    private static DataType castType(SqlDataTypeSpec spec, String text) {
        String name = spec.getTypeName().getSimple().toUpperCase(java.util.Locale.ROOT);
        int precision = -1;
        int scale = -1;
        if (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic) {
            precision = basic.getPrecision();
            scale = basic.getScale();
        }
        return switch (name) {
            case "BOOLEAN" -> DataType.of(TypeKind.BOOLEAN);
            case "TINYINT", "SMALLINT" -> DataType.of(TypeKind.SMALLINT);
            case "INT", "INTEGER" -> DataType.of(TypeKind.INTEGER);
            case "BIGINT" -> DataType.of(TypeKind.BIGINT);
            case "FLOAT", "REAL" -> DataType.of(TypeKind.FLOAT);
            case "DOUBLE" -> DataType.of(TypeKind.DOUBLE);
            case "DECIMAL", "NUMERIC", "DEC" -> precision >= 0 ? DataType.decimal(precision, Math.max(scale, 0)) : DataType.decimal(10, 0);
            case "CHAR" -> DataType.withLength(TypeKind.CHAR, Math.max(precision, 1));
            case "VARCHAR" -> precision >= 0 ? DataType.withLength(TypeKind.VARCHAR, precision) : DataType.of(TypeKind.VARCHAR);
            case "STRING", "TEXT" -> DataType.of(TypeKind.VARCHAR);
            case "BYTES", "BINARY", "VARBINARY" -> DataType.of(TypeKind.BYTES);
            case "DATE" -> DataType.of(TypeKind.DATE);
            case "TIME" -> precision >= 0 ? DataType.temporal(TypeKind.TIME, precision) : DataType.of(TypeKind.TIME);
            case "TIMESTAMP" -> precision >= 0 ? DataType.temporal(TypeKind.TIMESTAMP, precision) : DataType.of(TypeKind.TIMESTAMP);
            case "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP_LTZ" -> precision >= 0
                    ? DataType.temporal(TypeKind.TIMESTAMP_TZ, precision) : DataType.of(TypeKind.TIMESTAMP_TZ);
            case "UUID" -> DataType.of(TypeKind.UUID);
            default -> throw new ExpressionException("CAST to " + name + " in '" + text + "' is not supported; use BOOLEAN, SMALLINT, INT, BIGINT,"
                    + " FLOAT, DOUBLE, DECIMAL(p, s), CHAR(n), VARCHAR(n), STRING, BYTES, DATE, TIME, TIMESTAMP(p) or TIMESTAMP_LTZ");
        };
    }
}
