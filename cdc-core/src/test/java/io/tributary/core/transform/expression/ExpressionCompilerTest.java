package io.tributary.core.transform.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpressionCompilerTest {
    private static final TableId TABLE = TableId.of("shop", "public", "orders");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("name", DataType.withLength(TypeKind.VARCHAR, 40)),
            new Column("price", DataType.decimal(10, 2)),
            new Column("qty", DataType.of(TypeKind.INTEGER)),
            new Column("big", DataType.of(TypeKind.BIGINT)),
            new Column("ratio", DataType.of(TypeKind.DOUBLE)),
            new Column("created", DataType.of(TypeKind.TIMESTAMP)),
            new Column("order_day", DataType.of(TypeKind.DATE)),
            new Column("flag", DataType.of(TypeKind.BOOLEAN)),
            new Column("note", DataType.of(TypeKind.TEXT)),
            new Column("maybe", DataType.of(TypeKind.BOOLEAN)),
            new Column("Status", DataType.of(TypeKind.VARCHAR))), List.of("id"));
    private static final Object[] ROW = {7, " Widget ", new BigDecimal("2.50"), 3, 10_000_000_000L, 0.5,
            LocalDateTime.of(2024, 1, 31, 12, 30, 15), LocalDate.of(2024, 1, 31), true, null, null, "paid"};

    static Stream<Arguments> values() {
        return Stream.of(
                // columns, metadata, literals
                Arguments.of("id", 7),
                Arguments.of("status", "paid"),
                Arguments.of("`Status`", "paid"),
                Arguments.of("__namespace_name__", "shop"),
                Arguments.of("__schema_name__", "public"),
                Arguments.of("__table_name__", "orders"),
                Arguments.of("__op_type__", "+U"),
                Arguments.of("__data_event_type__", "+U"),
                Arguments.of("'text'", "text"),
                Arguments.of("1.5", new BigDecimal("1.5")),
                Arguments.of("3000000000", 3_000_000_000L),
                Arguments.of("DATE '2024-02-01'", LocalDate.of(2024, 2, 1)),
                // arithmetic
                Arguments.of("price * qty", new BigDecimal("7.50")),
                Arguments.of("price + 1", new BigDecimal("3.50")),
                Arguments.of("qty - id", -4),
                Arguments.of("id / 2", 3),
                Arguments.of("id % 4", 3),
                Arguments.of("MOD(id, 4)", 3),
                Arguments.of("big + id", 10_000_000_007L),
                Arguments.of("ratio * id", 3.5),
                Arguments.of("-qty", -3),
                Arguments.of("price / 4", new BigDecimal("0.625")),
                // comparison and logic
                Arguments.of("id > 5", true),
                Arguments.of("id <> 7", false),
                Arguments.of("price >= 2.5", true),
                Arguments.of("big < id", false),
                Arguments.of("name = ' Widget '", true),
                Arguments.of("created > TIMESTAMP '2024-01-31 00:00:00'", true),
                Arguments.of("order_day = '2024-01-31'", true),
                Arguments.of("id = '7'", true),
                Arguments.of("id > 5 AND status <> 'test'", true),
                Arguments.of("id > 50 OR flag", true),
                Arguments.of("NOT flag", false),
                Arguments.of("note IS NULL", true),
                Arguments.of("name IS NOT NULL", true),
                Arguments.of("maybe IS NOT TRUE", true),
                Arguments.of("flag IS TRUE", true),
                Arguments.of("name LIKE '%idg%'", true),
                Arguments.of("name LIKE '_Widget_'", true),
                Arguments.of("name NOT LIKE 'W%'", true),
                Arguments.of("status LIKE 'pa!%' ESCAPE '!'", false),
                Arguments.of("status LIKE 'pa%'", true),
                Arguments.of("status LIKE '%id'", true),
                Arguments.of("status LIKE 'paid'", true),
                Arguments.of("status LIKE 'pai'", false),
                Arguments.of("status LIKE '%'", true),
                Arguments.of("status LIKE '%%'", true),
                Arguments.of("status LIKE 'p%d'", true),
                Arguments.of("status LIKE 'p.*'", false),
                Arguments.of("id IN (1, 7, 9)", true),
                Arguments.of("id NOT IN (1, 2)", true),
                Arguments.of("status IN ('new', 'paid')", true),
                Arguments.of("qty BETWEEN 1 AND 3", true),
                Arguments.of("qty NOT BETWEEN 1 AND 3", false),
                Arguments.of("CASE WHEN qty > 2 THEN 'many' WHEN qty > 0 THEN 'some' ELSE 'none' END", "many"),
                Arguments.of("CASE status WHEN 'new' THEN 1 WHEN 'paid' THEN 2 END", 2),
                Arguments.of("CASE WHEN qty > 5 THEN 1 END", null),
                Arguments.of("CASE WHEN qty > 5 THEN 1 ELSE 2.5 END", new BigDecimal("2.5")),
                // casts
                Arguments.of("CAST(price AS INT)", 2),
                Arguments.of("CAST(id AS STRING)", "7"),
                Arguments.of("CAST(id AS DECIMAL(5, 2))", new BigDecimal("7.00")),
                Arguments.of("CAST('12.345' AS DECIMAL(5, 1))", new BigDecimal("12.3")),
                Arguments.of("CAST(name AS VARCHAR(3))", " Wi"),
                Arguments.of("CAST('2024-05-06 07:08:09' AS TIMESTAMP)", LocalDateTime.of(2024, 5, 6, 7, 8, 9)),
                Arguments.of("CAST(created AS DATE)", LocalDate.of(2024, 1, 31)),
                Arguments.of("CAST('true' AS BOOLEAN)", true),
                Arguments.of("CAST(created AS TIMESTAMP WITH LOCAL TIME ZONE)", OffsetDateTime.of(2024, 1, 31, 12, 30, 15, 0, ZoneOffset.UTC)),
                // string functions
                Arguments.of("CONCAT(id, '-', qty)", "7-3"),
                Arguments.of("FORMAT('%S-%d', name, qty)", " WIDGET -3"),
                Arguments.of("CONCAT(price, '/', created)", "2.50/2024-01-31 12:30:15"),
                Arguments.of("status || '!'", "paid!"),
                Arguments.of("UPPER(status)", "PAID"),
                Arguments.of("LOWER('AbC')", "abc"),
                Arguments.of("TRIM(name)", "Widget"),
                Arguments.of("TRIM(LEADING ' ' FROM name)", "Widget "),
                Arguments.of("TRIM(BOTH 'p' FROM status)", "aid"),
                Arguments.of("SUBSTR(status, 2)", "aid"),
                Arguments.of("SUBSTR(status, 2, 2)", "ai"),
                Arguments.of("SUBSTRING(status FROM 1 FOR 3)", "pai"),
                Arguments.of("SUBSTR(status, 0, 2)", "p"),
                Arguments.of("SUBSTR(status, 9)", ""),
                Arguments.of("REGEXP_REPLACE(status, '[ai]', '_')", "p__d"),
                Arguments.of("REGEXP_REPLACE('2024-01', '(\\d+)-(\\d+)', '$2/$1')", "01/2024"),
                Arguments.of("CHAR_LENGTH(name)", 8),
                // numeric functions
                Arguments.of("ABS(-qty)", 3),
                Arguments.of("ABS(-price)", new BigDecimal("2.50")),
                Arguments.of("CEIL(price)", new BigDecimal("3")),
                Arguments.of("FLOOR(price)", new BigDecimal("2")),
                Arguments.of("CEIL(ratio)", 1.0),
                Arguments.of("ROUND(price, 1)", new BigDecimal("2.5")),
                Arguments.of("ROUND(ratio)", 1.0),
                Arguments.of("ROUND(1234, -2)", 1200),
                // temporal functions
                Arguments.of("DATE_FORMAT(created, 'yyyy/MM/dd HH:mm')", "2024/01/31 12:30"),
                Arguments.of("DATE_FORMAT(order_day, 'dd.MM.yyyy')", "31.01.2024"),
                Arguments.of("TO_TIMESTAMP('2024-02-03 04:05:06')", LocalDateTime.of(2024, 2, 3, 4, 5, 6)),
                Arguments.of("TO_TIMESTAMP('03/02/2024', 'dd/MM/yyyy')", LocalDateTime.of(2024, 2, 3, 0, 0)),
                Arguments.of("TO_TIMESTAMP('not a time')", null),
                Arguments.of("TIMESTAMPDIFF(DAY, order_day, TIMESTAMP '2024-02-10 00:00:00')", 10),
                Arguments.of("TIMESTAMP_DIFF('HOUR', created, created)", 0),
                Arguments.of("TIMESTAMP_DIFF('MINUTE', TIMESTAMP '2024-01-31 12:00:00', created)", 30),
                // conditional functions
                Arguments.of("COALESCE(note, status)", "paid"),
                Arguments.of("COALESCE(note, NULL, 'fallback')", "fallback"),
                Arguments.of("COALESCE(qty, big)", 3L),
                Arguments.of("IF(qty > 2, 'many', 'few')", "many"),
                Arguments.of("IF(maybe, 1, 2)", 2));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void evaluates(String expression, Object expected) {
        Object value = evaluate(expression);
        assertThat(value).isEqualTo(expected);
        if (value != null) {
            assertThat(value).isInstanceOf(compile(expression).type().kind().javaClass());
        }
    }

    static Stream<Arguments> nullSemantics() {
        return Stream.of(
                Arguments.of("note = 'x'", null),
                Arguments.of("note <> 'x'", null),
                Arguments.of("qty + CAST(note AS INT)", null),
                Arguments.of("maybe AND FALSE", false),
                Arguments.of("maybe AND TRUE", null),
                Arguments.of("maybe OR TRUE", true),
                Arguments.of("maybe OR FALSE", null),
                Arguments.of("NOT maybe", null),
                Arguments.of("maybe IS NULL", true),
                Arguments.of("note LIKE '%'", null),
                Arguments.of("note IN ('a', 'b')", null),
                Arguments.of("id IN (1, NULL)", null),
                Arguments.of("id IN (7, NULL)", true),
                Arguments.of("id NOT IN (1, NULL)", null),
                Arguments.of("CAST(note AS INT) BETWEEN 1 AND 9", null),
                Arguments.of("CASE WHEN maybe THEN 1 ELSE 2 END", 2),
                Arguments.of("CONCAT(name, note)", null),
                Arguments.of("UPPER(note)", null),
                Arguments.of("COALESCE(note, note)", null),
                Arguments.of("id = NULL", null));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("nullSemantics")
    void followsThreeValuedLogic(String expression, Object expected) {
        assertThat(evaluate(expression)).isEqualTo(expected);
    }

    @Test
    void infersTheTypesOfComputedColumns() {
        assertThat(compile("price * qty").type()).isEqualTo(DataType.decimal(20, 2));
        assertThat(compile("price + qty").type()).isEqualTo(DataType.decimal(13, 2));
        assertThat(compile("big + id").type().kind()).isEqualTo(TypeKind.BIGINT);
        assertThat(compile("ratio * id").type().kind()).isEqualTo(TypeKind.DOUBLE);
        assertThat(compile("UPPER(name)").type()).isEqualTo(DataType.withLength(TypeKind.VARCHAR, 40));
        assertThat(compile("CONCAT(id, name)").type().kind()).isEqualTo(TypeKind.VARCHAR);
        assertThat(compile("CAST(id AS DECIMAL(5, 1))").type()).isEqualTo(DataType.decimal(5, 1));
        assertThat(compile("id > 1").type().kind()).isEqualTo(TypeKind.BOOLEAN);
        assertThat(compile("CHAR_LENGTH(name)").type().kind()).isEqualTo(TypeKind.INTEGER);
        assertThat(compile("NOW()").type().kind()).isEqualTo(TypeKind.TIMESTAMP_TZ);
        assertThat(compile("CURRENT_TIMESTAMP").type().kind()).isEqualTo(TypeKind.TIMESTAMP_TZ);
        assertThat(compile("TO_TIMESTAMP(name)").type().kind()).isEqualTo(TypeKind.TIMESTAMP);
        assertThat(compile("__table_name__").type()).isEqualTo(DataType.of(TypeKind.VARCHAR).notNull());
        assertThat(compile("ROUND(price, 1)").type()).isEqualTo(DataType.decimal(10, 1));
        assertThat(compile("COALESCE(qty, 0)").type()).isEqualTo(DataType.of(TypeKind.INTEGER).notNull());
        assertThat(compile("id").type()).isEqualTo(DataType.of(TypeKind.INTEGER).notNull());
    }

    @Test
    void nowIsTheProcessingTimeOfTheRow() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        OffsetDateTime now = (OffsetDateTime) evaluate("NOW()");
        assertThat(now).isAfter(before).isBefore(before.plusMinutes(1));
        assertThat(evaluate("CURRENT_TIMESTAMP")).isInstanceOf(OffsetDateTime.class);
    }

    @Test
    void namesTheProblemOfAWrongExpression() {
        assertThatThrownBy(() -> compile("pric * qty")).hasMessageContaining("unknown column 'pric'");
        assertThatThrownBy(() -> compile("SHOUT(name)")).hasMessageContaining("unknown function SHOUT").hasMessageContaining("UPPER");
        assertThatThrownBy(() -> compile("name * 2")).hasMessageContaining("type mismatch in 'name * 2'").hasMessageContaining("not a number");
        assertThatThrownBy(() -> compile("order_day > 3")).hasMessageContaining("cannot compare DATE");
        assertThatThrownBy(() -> compile("SUBSTR(name)")).hasMessageContaining("has 1 argument; it takes 2 to 3");
        assertThatThrownBy(() -> compile("IF(qty, 1, 2)")).hasMessageContaining("must be BOOLEAN");
        assertThatThrownBy(() -> compile("CASE WHEN flag THEN 1 ELSE 'x' END")).hasMessageContaining("no common type");
        assertThatThrownBy(() -> ExpressionParser.parseProjection("id, UPPER(name AS n")).hasMessageContaining("syntax error at column 16: Encountered \"AS\"");
        assertThatThrownBy(() -> ExpressionParser.parseFilter("id >")).hasMessageContaining("filter 'id >' has a syntax error");
        assertThatThrownBy(() -> ExpressionParser.parseFilter("day > 1")).hasMessageContaining("quoted with back-ticks: `day`");
        assertThatThrownBy(() -> ExpressionParser.parseProjection("id, price * qty")).hasMessageContaining("has no name")
                .hasMessageContaining("AS");
    }

    @Test
    void failsAtRunTimeOnValuesAnExpressionCannotCompute() {
        assertThatThrownBy(() -> evaluate("id / (qty - 3)")).hasMessageContaining("'id / (qty - 3)' cannot be computed for 7 and 0");
        assertThatThrownBy(() -> evaluate("CAST(status AS INT)")).hasMessageContaining("cannot CAST paid to INTEGER");
    }

    @Test
    void checksOnlyStructureBeforeASchemaIsKnown() {
        ExpressionCompiler structural = new ExpressionCompiler(ColumnScope.anyColumn(), false);
        assertThat(structural.compile(ExpressionParser.parseFilter("anything > 1 AND UPPER(other) LIKE 'A%'")).type().kind())
                .isEqualTo(TypeKind.BOOLEAN);
        assertThatThrownBy(() -> structural.compile(ExpressionParser.parseFilter("SHOUT(x) = 1"))).hasMessageContaining("unknown function SHOUT");
    }

    private static TypedExpression compile(String expression) {
        List<ProjectionItem> items = ExpressionParser.parseProjection(expression + " AS res_1");
        return new ExpressionCompiler(ColumnScope.of(SCHEMA), true).compile(items.get(0).expression().orElseThrow());
    }

    private static Object evaluate(String expression) {
        return compile(expression).evaluate(new EvaluationContext().reset(TABLE, ROW, "+U"));
    }
}
