package io.tributary.core.schema;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChangeEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import io.tributary.core.runtime.TableRouter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Routes each event to its sink table and applies {@link SchemaEvolution}, with its state in
 * Flink's operator state (union list state: after a restore, at any parallelism, every subtask
 * starts from the newest schema of each table any subtask had).
 */
public final class SchemaEvolutionFunction extends RichFlatMapFunction<Tuple2<Integer, Event>, Tuple2<Integer, Event>> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final TableRouter router;
    private final SchemaChangeBehavior behavior;
    private final SchemaChangeFilter filter;
    private transient SchemaEvolution evolution;
    private transient ListState<byte[]> checkpointed;
    /** The schema change last processed and what it became: the partitioner sends one instance to several channels. */
    private transient Event lastSchemaChange;
    private transient List<Event> lastOutcome;

    public SchemaEvolutionFunction(TableRouter router, SchemaChangeBehavior behavior, SchemaChangeFilter filter) {
        this.router = requireNonNull(router, "router is null");
        this.behavior = requireNonNull(behavior, "behavior is null");
        this.filter = requireNonNull(filter, "filter is null");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("schema-evolution", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        SchemaEvolutionState state = new SchemaEvolutionState();
        if (context.isRestored()) {
            for (byte[] serialized : checkpointed.get()) {
                state.merge(serialized);
            }
        }
        evolution = new SchemaEvolution(behavior, filter, state);
    }

    @Override
    public void open(OpenContext openContext) {
        if (evolution == null) {
            evolution = new SchemaEvolution(behavior, filter, new SchemaEvolutionState());
        }
    }

    /**
     * Routes and evolves the event, keeping the sink channel the partitioner chose. A schema change
     * comes once per channel it goes to, as one instance: it is evolved once and its outcome sent
     * on each of those channels.
     */
    @Override
    public void flatMap(Tuple2<Integer, Event> addressed, Collector<Tuple2<Integer, Event>> out) {
        Event event = addressed.f1;
        if (event instanceof SchemaChangeEvent) {
            if (event != lastSchemaChange) {
                List<Event> outcome = new ArrayList<>();
                evolution.process(event, router.route(event.tableId()), outcome::add);
                lastSchemaChange = event;
                lastOutcome = outcome;
            }
            lastOutcome.forEach(evolved -> out.collect(Tuple2.of(addressed.f0, evolved)));
            return;
        }
        evolution.process(event, router.route(event.tableId()), evolved -> out.collect(Tuple2.of(addressed.f0, evolved)));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(java.util.List.of(evolution.state().serialize()));
    }
}
