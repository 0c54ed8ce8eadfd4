package io.tributary.core.transform.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.transform.expression.functions.AddOne;
import io.tributary.core.transform.expression.functions.Doubled;
import io.tributary.core.transform.expression.functions.Failing;
import io.tributary.core.transform.expression.functions.Formatted;
import io.tributary.core.transform.expression.functions.Greeting;
import io.tributary.core.transform.expression.functions.OptionLookup;
import io.tributary.core.transform.expression.functions.Shout;
import io.tributary.core.transform.expression.functions.WithoutEval;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expressions calling user-defined functions: loading, choosing eval, types, values, lifecycle and refusals. */
class UserFunctionsTest {
    private static final TableId TABLE = TableId.of("shop", "public", "orders");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("name", DataType.of(TypeKind.VARCHAR)),
            new Column("qty", DataType.of(TypeKind.INTEGER)),
            new Column("big", DataType.of(TypeKind.BIGINT))), List.of("id"));
    private static final Object[] ROW = {7, "ann", 2, 10_000_000_000L};
    private static final Object[] NULLS = {7, null, null, null};

    private static UserFunctionDefinition function(String name, Class<?> type) {
        return new UserFunctionDefinition(name, type.getName(), Map.of(), UserFunctionDefinition.Kind.CLASS);
    }

    private static UserFunctions functions(UserFunctionDefinition... definitions) {
        return UserFunctions.load(Arrays.asList(definitions), UserFunctionsTest.class.getClassLoader());
    }

    private static final UserFunctions ALL = functions(function("addone", AddOne.class), function("greet", Greeting.class),
            function("format", Formatted.class), function("twice", Doubled.class), function("checked", Failing.class));

    private static TypedExpression compile(String expression, UserFunctions functions) {
        return new ExpressionCompiler(ColumnScope.of(SCHEMA), true, functions).compile(ExpressionParser.parseProjection(expression + " AS r")
                .get(0).expression().orElseThrow());
    }

    private static Object evaluate(String expression, Object[] row) {
        return compile(expression, ALL).evaluate(new EvaluationContext().reset(TABLE, row, "+I"));
    }

    @Test
    void callsEvalWithTheArgumentsValuesAndTypesTheResultByItsJavaClass() {
        assertThat(evaluate("addone(id)", ROW)).isEqualTo(8);
        assertThat(evaluate("ADDONE(addone(addone(id))) * 10", ROW)).isEqualTo(100);
        assertThat(compile("addone(id)", ALL).type().kind()).isEqualTo(TypeKind.INTEGER);
        assertThat(evaluate("addone(id) > 7", ROW)).isEqualTo(true);
    }

    @Test
    void choosesTheEvalMethodByTheNumberAndTypesOfArguments() {
        assertThat(evaluate("greet(name)", ROW)).isEqualTo("hello ann");
        assertThat(evaluate("greet(name, qty)", ROW)).isEqualTo("hello ann hello ann");
        assertThat(evaluate("greet(big)", ROW)).isEqualTo("number 10000000000");
        // an INT converts to the Long parameter rather than to text
        assertThat(evaluate("greet(id)", ROW)).isEqualTo("number 7");
    }

    @Test
    void passesTrailingArgumentsToAVarargsEvalAndOverridesABuiltInOfTheSameName() {
        assertThat(evaluate("format('%s has %d', name, qty)", ROW)).isEqualTo("ann has 2");
        assertThat(evaluate("format('none')", ROW)).isEqualTo("none");
    }

    @Test
    void takesTheResultTypeFromGetReturnTypeWhenTheClassHasIt() {
        assertThat(compile("twice(id)", ALL).type()).isEqualTo(DataType.of(TypeKind.BIGINT));
        assertThat(evaluate("twice(id)", ROW)).isEqualTo(14L);
    }

    @Test
    void aNullForAPrimitiveParameterGivesNull() {
        assertThat(evaluate("twice(qty)", NULLS)).isNull();
        assertThat(evaluate("greet(name, qty)", NULLS)).isNull();
        assertThat(evaluate("greet(name)", NULLS)).isEqualTo("hello null");
    }

    @Test
    void anEvalThatThrowsFailsNamingTheExpressionAndTheCause() {
        assertThatThrownBy(() -> evaluate("checked(qty - 5)", ROW)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'checked(qty - 5)' failed").hasMessageContaining("negative: -3");
    }

    @Test
    void refusesACallNoEvalTakes() {
        assertThatThrownBy(() -> compile("addone(id, qty)", ALL)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'addone(id, qty)' has 2 arguments, but " + AddOne.class.getName() + " has no eval method for that many")
                .hasMessageContaining("Integer eval(Integer)");
        assertThatThrownBy(() -> compile("addone(name)", ALL)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("no eval method of " + AddOne.class.getName() + " takes the arguments of 'addone(name)'");
        assertThatThrownBy(() -> compile("inc(id)", ALL)).hasMessageContaining("unknown function INC")
                .hasMessageContaining("declared ADDONE, GREET, FORMAT, TWICE, CHECKED");
    }

    @Test
    void refusesAClassThatIsMissingOrHasNoEval() {
        assertThatThrownBy(() -> functions(new UserFunctionDefinition("inc", "com.example.Missing", Map.of(), UserFunctionDefinition.Kind.CLASS)))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("user-defined function 'inc': its class com.example.Missing is not on the class path. Give the jar that holds it with"
                        + " --jar PATH (tributary run and validate), and check the class name");
        assertThatThrownBy(() -> functions(function("noeval", WithoutEval.class))).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("user-defined function 'noeval': its class " + WithoutEval.class.getName() + " has no public method named eval");
        assertThatThrownBy(() -> functions(function("a", AddOne.class), function("A", Greeting.class)))
                .hasMessageContaining("the function name 'A' is declared twice");
    }

    @Test
    void opensAndClosesEachFunctionAndGivesFlinkCdcStyleFunctionsTheirOptions() throws Exception {
        int opened = AddOne.OPENED.get();
        int closed = AddOne.CLOSED.get();
        UserFunctions functions = functions(function("addone", AddOne.class),
                new UserFunctionDefinition("lookup", OptionLookup.class.getName(), Map.of("prefix", "key:"), UserFunctionDefinition.Kind.CLASS));
        assertThat(AddOne.OPENED.get()).isEqualTo(opened);
        functions.open();
        assertThat(AddOne.OPENED.get()).isEqualTo(opened + 1);
        assertThat(compile("lookup(name)", functions).evaluate(new EvaluationContext().reset(TABLE, ROW, "+I"))).isEqualTo("key:ann");
        functions.close();
        assertThat(AddOne.CLOSED.get()).isEqualTo(closed + 1);
    }

    @Test
    void aFlinkScalarFunctionRunsWithoutItsLifecycleHooksAsInFlinkCdc() throws Exception {
        Shout.hooksCalled = false;
        UserFunctions functions = functions(function("shout", Shout.class));
        functions.open();
        assertThat(compile("shout(name)", functions).evaluate(new EvaluationContext().reset(TABLE, ROW, "+I"))).isEqualTo("ANN!");
        functions.close();
        assertThat(Shout.hooksCalled).isFalse();
    }
}
