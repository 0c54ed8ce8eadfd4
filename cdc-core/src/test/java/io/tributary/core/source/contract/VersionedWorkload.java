package io.tributary.core.source.contract;

import static io.tributary.core.source.contract.TableSpec.integer;
import static io.tributary.core.source.contract.TableSpec.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Inserts, updates and deletes rows of a table {@code (id, version, note)} so that every write of
 * a key carries the next version of that key, also a re-insert after a delete. A copy that misses
 * a change then shows a version gap, one that repeats a change a version seen twice. The only
 * writer of its table; one thread writes at a time, any may read {@link #writes()}.
 */
final class VersionedWorkload {
    static final TableSpec TABLE_SHAPE = new TableSpec("accounts", List.of(integer("id")), List.of(integer("version"), text("note")));

    private final SourceUnderTest source;
    private final String namespace;
    private final TableSpec table;
    private final Random random;
    private final Map<Integer, Integer> versions = new HashMap<>();
    private final List<Integer> live = new ArrayList<>();
    private int nextId = 1;
    private volatile int writes;

    VersionedWorkload(SourceUnderTest source, String namespace, TableSpec table, long seed) {
        this.source = source;
        this.namespace = namespace;
        this.table = table;
        this.random = new Random(seed);
    }

    /** Creates the table and inserts {@code rows} rows at version 1, a thousand per transaction. */
    void load(int rows) {
        source.createTable(namespace, table);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int id = nextId++;
            versions.put(id, 1);
            live.add(id);
            batch.add(row(id, 1, "loaded"));
            if (batch.size() == 1000) {
                source.insert(namespace, table, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            source.insert(namespace, table, batch);
        }
    }

    /** Writes {@code statements} single-row changes: 70% updates, 15% deletes, 15% inserts (new keys or deleted ones again). */
    void write(int statements) {
        for (int i = 0; i < statements; i++) {
            int choice = random.nextInt(100);
            if (choice < 15 || live.isEmpty()) {
                int id = !versions.isEmpty() && random.nextBoolean() ? deletedKey() : nextId++;
                if (live.contains(id)) {
                    id = nextId++;
                }
                int version = versions.merge(id, 1, Integer::sum);
                live.add(id);
                source.insert(namespace, table, List.of(row(id, version, "inserted")));
            } else if (choice < 30) {
                int id = live.remove(random.nextInt(live.size()));
                source.delete(namespace, table, Map.of("id", id));
            } else {
                int id = live.get(random.nextInt(live.size()));
                int version = versions.merge(id, 1, Integer::sum);
                source.update(namespace, table, Map.of("id", id), Map.of("version", version, "note", "write " + writes));
            }
            writes++;
        }
    }

    /** A key inserted once and deleted since, or a fresh one when there is none. */
    private int deletedKey() {
        for (int attempt = 0; attempt < 5; attempt++) {
            int id = 1 + random.nextInt(nextId - 1);
            if (!live.contains(id)) {
                return id;
            }
        }
        return nextId++;
    }

    int writes() {
        return writes;
    }

    private static Map<String, Object> row(int id, int version, String note) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("version", version);
        row.put("note", note);
        return row;
    }
}
