package io.tributary.core.schema;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.DataType;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Prints what the route-and-evolve step costs per row change: events/s through {@link SchemaEvolution}
 * for a table whose rows pass unchanged, and for a shard whose rows are put into a merged table's
 * columns (one column added, one widened). Medians of 3 runs of 5,000,000 events, after a warm-up.
 *
 * <pre>
 * mvn -q -B -o -pl cdc-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp cdc-core/target/test-classes:cdc-core/target/classes:$(cat cdc-core/target/cp.txt) io.tributary.core.schema.SchemaEvolutionBenchmark
 * </pre>
 */
public final class SchemaEvolutionBenchmark {
    private static final int EVENTS = 5_000_000;
    private static final TableId SINK = TableId.ofSchemaTable("ods", "orders");

    private SchemaEvolutionBenchmark() {}

    public static void main(String[] args) {
        TableSchema shard = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
                new Column("product", DataType.withLength(TypeKind.VARCHAR, 20)), new Column("price", DataType.decimal(10, 2))), List.of("id"));
        TableSchema other = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()),
                new Column("product", DataType.withLength(TypeKind.VARCHAR, 20)), new Column("price", DataType.decimal(10, 2)),
                new Column("region", DataType.withLength(TypeKind.CHAR, 2))), List.of("id"));
        TableId first = TableId.of("app", "public", "orders_1");
        TableId second = TableId.of("app", "public", "orders_2");
        for (String scenario : List.of("unchanged rows", "merged shard")) {
            double[] rates = new double[4];
            for (int run = 0; run < rates.length; run++) {
                SchemaEvolution evolution = new SchemaEvolution(SchemaChangeBehavior.LENIENT, SchemaChangeFilter.all(), new SchemaEvolutionState());
                Sink sink = new Sink();
                evolution.process(SchemaChangeEvent.createTable(first, shard), SINK, sink);
                if (scenario.equals("merged shard")) {
                    evolution.process(SchemaChangeEvent.createTable(second, other), SINK, sink);
                }
                long started = System.nanoTime();
                for (int i = 0; i < EVENTS; i++) {
                    evolution.process(DataChangeEvent.insert(first, new Object[] {i, "p", BigDecimal.ONE}, 1L), SINK, sink);
                }
                rates[run] = EVENTS / ((System.nanoTime() - started) / 1e9);
                if (sink.rows != EVENTS) {
                    throw new IllegalStateException("lost rows");
                }
            }
            double[] measured = Arrays.copyOfRange(rates, 1, rates.length);
            Arrays.sort(measured);
            System.out.printf("%-15s runs %,.0f / %,.0f / %,.0f events/s (after a warm-up run of %,.0f), median %,.0f events/s%n", scenario,
                    rates[1], rates[2], rates[3], rates[0], measured[1]);
        }
    }

    private static final class Sink implements java.util.function.Consumer<Event> {
        long rows;

        @Override
        public void accept(Event event) {
            if (event instanceof DataChangeEvent) {
                rows++;
            }
        }
    }
}
