package io.tributary.core.source.split;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The finished part of the snapshot, folded: per table, its finished key ranges in key order, each
 * range as large as it can be without changing how the stream decides a change (see
 * {@link FinishedRange}). Chunks read under one epoch's marker fold into one range per stretch of
 * adjacent finished chunks, so a table read under one epoch is one range once all its chunks are
 * read, whatever its chunk count; ranges whose markers the stream is past fold whatever their
 * markers. The state that carries the snapshot's progress to the stream therefore grows with the
 * tables and epochs, not with the chunks.
 *
 * <p>A reported chunk that lies within a range already held (a report sent again after a restart)
 * changes nothing. Not thread-safe.
 */
public final class FinishedRanges {
    private final Function<TableId, Comparator<Object[]>> keyOrders;
    private final Map<TableId, TreeMap<Optional<KeyBound>, FinishedRange>> tables = new LinkedHashMap<>();
    private int size;

    /** @param keyOrders how each table's chunk-key bounds are ordered (the dialect's chunk-key order) */
    public FinishedRanges(Function<TableId, Comparator<Object[]>> keyOrders) {
        this.keyOrders = requireNonNull(keyOrders, "keyOrders is null");
    }

    /** {@code ranges} folded as far as they fold. */
    public static FinishedRanges of(List<FinishedRange> ranges, Function<TableId, Comparator<Object[]>> keyOrders) {
        FinishedRanges folded = new FinishedRanges(keyOrders);
        ranges.forEach(folded::add);
        return folded;
    }

    /**
     * Adds a finished range, folding it into its neighbours where they are decided alike.
     *
     * @return false if a range already held covers it (nothing changed)
     */
    public boolean add(FinishedRange range) {
        TreeMap<Optional<KeyBound>, FinishedRange> ranges = tables.computeIfAbsent(range.tableId(), this::newTable);
        BoundOrder order = (BoundOrder) ranges.comparator();
        Map.Entry<Optional<KeyBound>, FinishedRange> floor = ranges.floorEntry(range.range().lower());
        if (floor != null && order.compareUpper(range.range().upper(), floor.getValue().range().upper()) <= 0) {
            return false;
        }
        if (ranges.put(range.range().lower(), range) == null) {
            size++;
        }
        foldAround(ranges, range);
        return true;
    }

    /** Marks every range the stream is now past (by {@code streamPast}) and folds what then folds. */
    public void streamPast(Predicate<FinishedRange> streamPast) {
        for (Map.Entry<TableId, TreeMap<Optional<KeyBound>, FinishedRange>> table : tables.entrySet()) {
            TreeMap<Optional<KeyBound>, FinishedRange> ranges = table.getValue();
            boolean changed = false;
            for (Map.Entry<Optional<KeyBound>, FinishedRange> entry : ranges.entrySet()) {
                if (!entry.getValue().streamPast() && streamPast.test(entry.getValue())) {
                    entry.setValue(entry.getValue().passed());
                    changed = true;
                }
            }
            if (changed) {
                refold(ranges);
            }
        }
    }

    /** Forgets the ranges of {@code removed} (tables that left, or are read again from scratch). */
    public void removeTables(java.util.Set<TableId> removed) {
        for (TableId table : removed) {
            TreeMap<Optional<KeyBound>, FinishedRange> ranges = tables.remove(table);
            if (ranges != null) {
                size -= ranges.size();
            }
        }
    }

    /** Every range, table by table in the order tables were first seen, each table's in key order. */
    public List<FinishedRange> list() {
        List<FinishedRange> all = new ArrayList<>(size);
        tables.values().forEach(ranges -> all.addAll(ranges.values()));
        return all;
    }

    public int size() {
        return size;
    }

    private TreeMap<Optional<KeyBound>, FinishedRange> newTable(TableId table) {
        return new TreeMap<>(new BoundOrder(keyOrders.apply(table)));
    }

    private void foldAround(TreeMap<Optional<KeyBound>, FinishedRange> ranges, FinishedRange added) {
        BoundOrder order = (BoundOrder) ranges.comparator();
        FinishedRange current = added;
        Map.Entry<Optional<KeyBound>, FinishedRange> below = ranges.lowerEntry(current.range().lower());
        if (below != null && order.adjacent(below.getValue(), current) && below.getValue().decidedAlike(current)) {
            ranges.remove(current.range().lower());
            size--;
            current = below.getValue().foldedWith(current);
            ranges.put(current.range().lower(), current);
        }
        Map.Entry<Optional<KeyBound>, FinishedRange> above = ranges.higherEntry(current.range().lower());
        if (above != null && order.adjacent(current, above.getValue()) && current.decidedAlike(above.getValue())) {
            ranges.remove(above.getKey());
            size--;
            current = current.foldedWith(above.getValue());
            ranges.put(current.range().lower(), current);
        }
    }

    /** Folds every run of adjacent ranges decided alike into one, in one pass. */
    private void refold(TreeMap<Optional<KeyBound>, FinishedRange> ranges) {
        BoundOrder order = (BoundOrder) ranges.comparator();
        List<FinishedRange> folded = new ArrayList<>();
        for (FinishedRange range : ranges.values()) {
            int last = folded.size() - 1;
            if (last >= 0 && order.adjacent(folded.get(last), range) && folded.get(last).decidedAlike(range)) {
                folded.set(last, folded.get(last).foldedWith(range));
            } else {
                folded.add(range);
            }
        }
        size -= ranges.size() - folded.size();
        ranges.clear();
        folded.forEach(range -> ranges.put(range.range().lower(), range));
    }

    /** Orders lower bounds (unbounded first; at one key, inclusive before exclusive) and compares upper bounds. */
    private record BoundOrder(Comparator<Object[]> keys) implements Comparator<Optional<KeyBound>> {
        @Override
        public int compare(Optional<KeyBound> a, Optional<KeyBound> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return a.isEmpty() ? (b.isEmpty() ? 0 : -1) : 1;
            }
            int c = keys.compare(a.get().key(), b.get().key());
            return c != 0 ? c : Boolean.compare(!a.get().inclusive(), !b.get().inclusive());
        }

        /** Upper bounds: unbounded last; at one key, exclusive before inclusive. */
        int compareUpper(Optional<KeyBound> a, Optional<KeyBound> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return a.isEmpty() ? (b.isEmpty() ? 0 : 1) : -1;
            }
            int c = keys.compare(a.get().key(), b.get().key());
            return c != 0 ? c : Boolean.compare(a.get().inclusive(), b.get().inclusive());
        }

        /** Whether {@code above} starts exactly where {@code below} ends, with no key between or in both. */
        boolean adjacent(FinishedRange below, FinishedRange above) {
            Optional<KeyBound> end = below.range().upper();
            Optional<KeyBound> start = above.range().lower();
            return end.isPresent() && start.isPresent() && keys.compare(end.get().key(), start.get().key()) == 0
                    && end.get().inclusive() != start.get().inclusive();
        }
    }
}
