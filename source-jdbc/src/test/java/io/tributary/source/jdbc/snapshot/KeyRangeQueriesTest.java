package io.tributary.source.jdbc.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.dialect.SnapshotCoverage;
import io.tributary.core.source.dialect.SnapshotEpoch;
import io.tributary.core.source.dialect.SnapshotView;
import io.tributary.core.source.dialect.StreamReader;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.jdbc.JdbcConnectionFactory;
import io.tributary.source.jdbc.JdbcRowReader;
import io.tributary.source.jdbc.JdbcSourceDialect;
import io.tributary.source.jdbc.JdbcSourceOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/**
 * The chunk and boundary SQL a database that compares no row values and limits rows with
 * {@code OFFSET n ROWS FETCH NEXT 1 ROWS ONLY} (Oracle) reads, beside the row-value form the
 * others read. The column-by-column form is checked for meaning too: over every pair of small
 * keys, it selects exactly the keys the row-value comparison does.
 */
class KeyRangeQueriesTest {
    private static final TableId ORDERS = TableId.of("ORCLPDB1", "SALES", "ORDERS");
    private static final TableSchema SCHEMA = new TableSchema(List.of(column("REGION"), column("ID"), column("NOTE")), List.of("REGION", "ID"));
    private static final KeyLayout TWO_COLUMNS = new KeyLayout(KeyLayout.Strategy.RANGES,
            List.of(new KeyLayout.KeyColumn("\"REGION\"", "?", true), new KeyLayout.KeyColumn("\"ID\"", "?", true)), Optional.empty());

    @Test
    void rowValuesWhereTheDatabaseComparesThem() {
        KeyRangeQueries queries = new KeyRangeQueries(new SyntaxDialect(true));
        KeyRangeQueries.Query query = queries.chunk(ORDERS, SCHEMA, TWO_COLUMNS, ChunkRange.of(Optional.of(new Object[] {1, 10}),
                Optional.of(new Object[] {2, 5})));

        assertThat(query.sql()).isEqualTo("SELECT \"REGION\", \"ID\", \"NOTE\" FROM \"SALES\".\"ORDERS\" WHERE (\"REGION\", \"ID\") >= (?, ?)"
                + " AND (\"REGION\", \"ID\") < (?, ?) ORDER BY \"REGION\", \"ID\"");
        assertThat(query.parameters()).containsExactly(1, 10, 2, 5);
    }

    @Test
    void columnByColumnWhereItDoesNotAndTheChunkReadFromTheViewsSource() {
        KeyRangeQueries queries = new KeyRangeQueries(new SyntaxDialect(false));
        KeyRangeQueries.Query query = queries.chunk("\"SALES\".\"ORDERS\" AS OF SCN 4711", SCHEMA, TWO_COLUMNS,
                ChunkRange.of(Optional.of(new Object[] {1, 10}), Optional.of(new Object[] {2, 5})), Optional.empty());

        assertThat(query.sql()).isEqualTo("SELECT \"REGION\", \"ID\", \"NOTE\" FROM \"SALES\".\"ORDERS\" AS OF SCN 4711"
                + " WHERE \"REGION\" >= ? AND (\"REGION\" > ? OR \"REGION\" = ? AND \"ID\" >= ?)"
                + " AND \"REGION\" <= ? AND (\"REGION\" < ? OR \"REGION\" = ? AND \"ID\" < ?) ORDER BY \"REGION\", \"ID\"");
        assertThat(query.parameters()).containsExactly(1, 1, 1, 10, 2, 2, 2, 5);
    }

    @Test
    void boundaryUsesTheDatabasesRowLimit() {
        KeyRangeQueries queries = new KeyRangeQueries(new SyntaxDialect(false));
        KeyRangeQueries.Query query = queries.boundary(ORDERS, TWO_COLUMNS, Optional.of(new Object[] {3, 7}), 8096);

        assertThat(query.sql()).endsWith(" ORDER BY \"REGION\", \"ID\" OFFSET 8096 ROWS FETCH NEXT 1 ROWS ONLY");
        assertThat(query.parameters()).containsExactly(3, 3, 3, 7);
    }

    @Test
    void columnByColumnSelectsWhatTheRowValueComparisonSelects() {
        List<String> columns = List.of("a", "b", "c");
        KeyLayout layout = new KeyLayout(KeyLayout.Strategy.RANGES, columns.stream().map(c -> new KeyLayout.KeyColumn(c, "?", true)).toList(),
                Optional.empty());
        for (String operator : List.of(">", ">=", "<", "<=")) {
            for (int bound = 0; bound < 27; bound++) {
                int[] b = digits(bound);
                KeyRangeQueries.Query query = new KeyRangeQueries(new SyntaxDialect(false)).chunk("t", new TableSchema(columns.stream()
                        .map(KeyRangeQueriesTest::column).toList(), columns), layout, range(operator, b), Optional.empty());
                String where = query.sql().substring(query.sql().indexOf(" WHERE ") + 7, query.sql().indexOf(" ORDER BY "));
                for (int key = 0; key < 27; key++) {
                    int[] k = digits(key);
                    int order = java.util.Arrays.compare(k, b);
                    IntPredicate expected = switch (operator) {
                        case ">" -> c -> c > 0;
                        case ">=" -> c -> c >= 0;
                        case "<" -> c -> c < 0;
                        default -> c -> c <= 0;
                    };
                    assertThat(evaluate(where, query.parameters(), k)).as("%s %s %s", java.util.Arrays.toString(k), operator,
                            java.util.Arrays.toString(b)).isEqualTo(expected.test(order));
                }
            }
        }
    }

    private static ChunkRange range(String operator, int[] bound) {
        Object[] key = IntStream.of(bound).boxed().toArray();
        return switch (operator) {
            case ">" -> ChunkRange.all().after(key);
            case ">=" -> ChunkRange.of(Optional.of(key), Optional.empty());
            case "<" -> ChunkRange.of(Optional.empty(), Optional.of(key));
            default -> new ChunkRange(Optional.empty(), Optional.of(new io.tributary.core.source.split.KeyBound(key, true)));
        };
    }

    private static int[] digits(int value) {
        return new int[] {value / 9, value / 3 % 3, value % 3};
    }

    /** Evaluates the generated predicate (columns a, b, c; AND binding tighter than OR) for one key. */
    private static boolean evaluate(String where, List<Object> parameters, int[] key) {
        int[] next = {0};
        // A top-level AND of "x op ?" terms and "(alternative OR alternative ...)" groups.
        boolean all = true;
        for (String conjunct : splitTopLevel(where, " AND ")) {
            all &= conjunct.startsWith("(") ? anyOf(conjunct.substring(1, conjunct.length() - 1), parameters, next, key)
                    : term(conjunct, parameters, next, key);
        }
        assertThat(next[0]).as("every parameter bound once").isEqualTo(parameters.size());
        return all;
    }

    private static boolean anyOf(String alternatives, List<Object> parameters, int[] next, int[] key) {
        boolean any = false;
        for (String alternative : alternatives.split(" OR ")) {
            boolean all = true;
            for (String term : alternative.split(" AND ")) {
                all &= term(term, parameters, next, key);
            }
            any |= all;
        }
        return any;
    }

    private static boolean term(String term, List<Object> parameters, int[] next, int[] key) {
        String[] parts = term.trim().split(" ");
        int left = key[parts[0].charAt(0) - 'a'];
        int right = (Integer) parameters.get(next[0]++);
        return switch (parts[1]) {
            case ">" -> left > right;
            case ">=" -> left >= right;
            case "<" -> left < right;
            case "<=" -> left <= right;
            case "=" -> left == right;
            default -> throw new AssertionError("operator " + parts[1]);
        };
    }

    private static List<String> splitTopLevel(String text, String separator) {
        List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && text.startsWith(separator, i)) {
                parts.add(text.substring(start, i));
                start = i + separator.length();
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Column column(String name) {
        return new Column(name, DataType.of(TypeKind.INTEGER));
    }

    /** Only the SQL syntax of a dialect: how it quotes, whether it compares row values, how it limits rows. */
    private record SyntaxDialect(boolean comparesRowValues) implements JdbcSourceDialect<Long, Long> {
        @Override
        public boolean comparesRowValues() {
            return comparesRowValues;
        }

        @Override
        public String rowAtOffset(int offset) {
            return comparesRowValues ? JdbcSourceDialect.super.rowAtOffset(offset) : " OFFSET " + offset + " ROWS FETCH NEXT 1 ROWS ONLY";
        }

        @Override
        public String quoteIdentifier(String identifier) {
            return "\"" + identifier + "\"";
        }

        @Override
        public String qualifiedName(TableId table) {
            return quoteIdentifier(table.schema().orElseThrow()) + "." + quoteIdentifier(table.table());
        }

        @Override
        public String name() {
            return "syntax";
        }

        @Override
        public JdbcSourceOptions options() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JdbcConnectionFactory connections() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void bindKeyValue(PreparedStatement statement, int index, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JdbcRowReader rowReader(List<Column> columns) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Connection openSnapshotConnection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void beginSnapshotTransaction(Connection connection, SnapshotView<Long> view) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void endSnapshotTransaction(Connection connection) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<CapturedTable> discoverTables() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Long prepareStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SnapshotEpoch<Long> openSnapshotEpoch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamReader<Long> openStreamReader(Long start, Map<TableId, TableSchema> schemas, SnapshotCoverage<Long> coverage) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SimpleVersionedSerializer<Long> positionSerializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SimpleVersionedSerializer<Long> markerSerializer() {
            throw new UnsupportedOperationException();
        }
    }
}
