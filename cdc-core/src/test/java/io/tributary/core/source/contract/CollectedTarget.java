package io.tributary.core.source.contract;

import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * What one pipeline delivered to a {@code collect-target} sink, as a two-phase target holds it:
 * only changes of completed checkpoints. Keeps per table the rows by key, every change in the
 * order applied, the schema changes, and how often the snapshot read each key — both the reads
 * committed and every read a sink writer saw, committed or not.
 */
public final class CollectedTarget {
    /** One applied change of one key: the row after it, empty for a delete. */
    public record Change(Operation operation, Optional<Map<String, Object>> after) {}

    private final Map<TableId, Map<List<Object>, Map<String, Object>>> rows = new HashMap<>();
    private final Map<TableId, Map<List<Object>, List<Change>>> histories = new HashMap<>();
    private final Map<TableId, Map<List<Object>, Integer>> committedReads = new HashMap<>();
    private final Map<TableId, Map<List<Object>, Integer>> seenReads = new HashMap<>();
    private final Map<TableId, List<SchemaChange>> schemaChanges = new HashMap<>();
    private long committedReadCount;
    private long holdAfterCommittedReads = Long.MAX_VALUE;
    private volatile boolean holding;
    private volatile boolean writerHeld;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile java.util.function.UnaryOperator<Map<String, Object>> rowView = java.util.function.UnaryOperator.identity();

    /** Keeps rows as {@code view} turns them (a document source's rows as the table's columns); set before the pipeline starts. */
    public void viewRowsAs(java.util.function.UnaryOperator<Map<String, Object>> view) {
        this.rowView = view;
    }

    synchronized void sawRead(TableId table, List<Object> key) {
        seenReads.computeIfAbsent(table, t -> new HashMap<>()).merge(key, 1, Integer::sum);
    }

    synchronized void apply(CollectedChange change) {
        TableId table = change.table();
        if (change.schemaChange().isPresent()) {
            SchemaChange schema = change.schemaChange().get();
            if (schema instanceof SchemaChange.TruncateTable) {
                rows.computeIfAbsent(table, t -> new HashMap<>()).clear();
            }
            // Every sink subtask receives each schema change: keep it once.
            List<SchemaChange> known = schemaChanges.computeIfAbsent(table, t -> new ArrayList<>());
            if (!known.contains(schema)) {
                known.add(schema);
            }
            return;
        }
        Map<List<Object>, Map<String, Object>> tableRows = rows.computeIfAbsent(table, t -> new HashMap<>());
        Optional<Map<String, Object>> viewed = change.after().map(rowView);
        change.beforeKey().ifPresent(tableRows::remove);
        viewed.ifPresent(after -> tableRows.put(change.key(), after));
        histories.computeIfAbsent(table, t -> new HashMap<>()).computeIfAbsent(change.key(), k -> new ArrayList<>())
                .add(new Change(change.operation(), viewed));
        if (change.operation() == Operation.READ) {
            committedReads.computeIfAbsent(table, t -> new HashMap<>()).merge(change.key(), 1, Integer::sum);
            committedReadCount++;
        }
    }

    synchronized void committed() {
        if (committedReadCount >= holdAfterCommittedReads) {
            holding = true;
        }
    }

    /** Blocks a sink writer while the target holds, so that no later checkpoint completes. */
    void awaitUnlessHolding() throws InterruptedException {
        if (holding) {
            writerHeld = true;
            released.await();
        }
    }

    /**
     * Once the snapshot reads committed reach {@code reads}, sink writers stop at their next
     * event, so no later checkpoint completes until the test crashes the pipeline.
     */
    public synchronized void holdAfterCommittedReads(long reads) {
        holdAfterCommittedReads = reads;
    }

    public boolean isHolding() {
        return holding;
    }

    /** True once a sink writer stopped at the hold: events remained to be delivered. */
    public boolean writerWasHeld() {
        return writerHeld;
    }

    /** Lets held writers go (when the pipeline is gone, there are none). */
    public synchronized void release() {
        holdAfterCommittedReads = Long.MAX_VALUE;
        holding = false;
        released.countDown();
    }

    public synchronized Map<List<Object>, Map<String, Object>> rows(TableId table) {
        Map<List<Object>, Map<String, Object>> copy = new LinkedHashMap<>();
        rows.getOrDefault(table, Map.of()).forEach((key, row) -> copy.put(key, new LinkedHashMap<>(row)));
        return copy;
    }

    public synchronized Map<List<Object>, List<Change>> histories(TableId table) {
        Map<List<Object>, List<Change>> copy = new HashMap<>();
        histories.getOrDefault(table, Map.of()).forEach((key, changes) -> copy.put(key, List.copyOf(changes)));
        return copy;
    }

    public synchronized Map<List<Object>, Integer> committedReads(TableId table) {
        return new HashMap<>(committedReads.getOrDefault(table, Map.of()));
    }

    /** Reads every sink writer saw, also those of checkpoints that never completed. */
    public synchronized Map<List<Object>, Integer> seenReads(TableId table) {
        return new HashMap<>(seenReads.getOrDefault(table, Map.of()));
    }

    public synchronized long committedReadCount() {
        return committedReadCount;
    }

    public synchronized List<SchemaChange> schemaChanges(TableId table) {
        return List.copyOf(schemaChanges.getOrDefault(table, List.of()));
    }

    /** Keys whose snapshot read a completed checkpoint holds. */
    public synchronized Set<List<Object>> keysRead(TableId table) {
        return new HashSet<>(committedReads.getOrDefault(table, Map.of()).keySet());
    }
}
