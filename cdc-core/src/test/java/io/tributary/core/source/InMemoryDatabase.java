package io.tributary.core.source;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake database for testing the source framework: one table {@code db.s.items(id BIGINT, v
 * BIGINT)} whose history is an append-only log of changes numbered 1, 2, 3… A snapshot as of
 * change n sees exactly the changes up to n. Instances are found by name, so a serialized
 * dialect can reach them inside the MiniCluster of the same JVM.
 */
final class InMemoryDatabase {
    static final TableId TABLE = TableId.of("db", "s", "items");
    static final TableSchema SCHEMA = new TableSchema(
            List.of(new Column("id", DataType.of(TypeKind.BIGINT).notNull()), new Column("v", DataType.of(TypeKind.BIGINT))), List.of("id"));

    private static final Map<String, InMemoryDatabase> INSTANCES = new ConcurrentHashMap<>();

    /** One logged change: value null means the row was deleted. */
    record Change(long sequence, long id, Long value, Long previous) {}

    private final List<Change> log = new ArrayList<>();
    private final TreeMap<Long, Long> current = new TreeMap<>();

    static InMemoryDatabase create(String name) {
        InMemoryDatabase database = new InMemoryDatabase();
        INSTANCES.put(name, database);
        return database;
    }

    static InMemoryDatabase named(String name) {
        return INSTANCES.get(name);
    }

    synchronized void upsert(long id, long value) {
        Long previous = current.put(id, value);
        log.add(new Change(log.size() + 1, id, value, previous));
    }

    synchronized void delete(long id) {
        Long previous = current.remove(id);
        if (previous != null) {
            log.add(new Change(log.size() + 1, id, null, previous));
        }
    }

    synchronized long lastSequence() {
        return log.size();
    }

    synchronized List<Change> changesAfter(long sequence, int max) {
        int from = (int) sequence;
        return new ArrayList<>(log.subList(from, Math.min(log.size(), from + max)));
    }

    /** The table as of change {@code sequence}. */
    synchronized TreeMap<Long, Long> asOf(long sequence) {
        TreeMap<Long, Long> rows = new TreeMap<>();
        for (Change change : log.subList(0, (int) sequence)) {
            if (change.value() == null) {
                rows.remove(change.id());
            } else {
                rows.put(change.id(), change.value());
            }
        }
        return rows;
    }

    synchronized TreeMap<Long, Long> current() {
        return new TreeMap<>(current);
    }
}
