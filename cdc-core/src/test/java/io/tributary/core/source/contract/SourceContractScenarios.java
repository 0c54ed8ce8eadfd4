package io.tributary.core.source.contract;

import static io.tributary.core.source.contract.CollectedTargetSinkFactory.comparable;
import static io.tributary.core.source.contract.TableSpec.integer;
import static io.tributary.core.source.contract.TableSpec.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.TableId;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.PipelineRunner;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.runtime.RunOptions;
import io.tributary.core.runtime.TableRouter;
import io.tributary.core.source.StartupMode;
import io.tributary.core.source.contract.CollectedTarget.Change;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract: what every source must deliver, checked the way a user checks it — the
 * collected target equals the source table. Each source runs it through a small subclass that
 * supplies a {@link SourceUnderTest} on a real server and the {@link SourceCapabilities} it has;
 * scenarios needing a capability a source lacks are reported as skipped, naming it. Each test gets
 * its own namespace and pipeline. Seeds of random workloads are printed, so a failure can be
 * replayed with {@code -Dtributary.contract.seed=<seed>}.
 */
public abstract class SourceContractScenarios {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final TableRouter DEFAULT_ROUTE = new TableRouter(List.of());
    private static final Map<String, String> FREQUENT_CHECKPOINTS = Map.of("execution.checkpointing.interval", "50ms");
    /** Set to write the current encodings of {@link SourceUnderTest#serializerFixtures()} into src/test/resources. */
    private static final String WRITE_FIXTURES = "tributary.contract.write-serializer-fixtures";

    @TempDir
    Path stateDir;

    private SourceUnderTest source;
    private String namespace;
    private final List<RunningPipeline> pipelines = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    /** The source on its test server; one instance may serve every test of the class. */
    protected abstract SourceUnderTest sourceUnderTest();

    protected abstract SourceCapabilities capabilities();

    @BeforeEach
    void createNamespace() {
        source = sourceUnderTest();
        namespace = "contract_" + NAMESPACES.incrementAndGet();
        source.createNamespace(namespace);
    }

    @AfterEach
    void crashLeftoverPipelines() throws InterruptedException {
        if (namespace == null) {
            return; // the source could not run here
        }
        for (String name : targets) {
            CollectedTargetSinkFactory.target(name).release();
        }
        for (RunningPipeline pipeline : pipelines) {
            if (!pipeline.hasEnded()) {
                pipeline.crash();
            }
        }
        source.dropNamespace(namespace);
    }

    // ---- 1. snapshots of composite and text keys, in several chunks

    @Test
    void snapshotOfACompositeKeyTableInSeveralChunksReadsEveryRowOnce() throws Exception {
        assumeTrue(capabilities().supportsCompositeKeys(), "the source does not capture composite keys");
        TableSpec table = new TableSpec("regional", List.of(text("region"), integer("id")), List.of(integer("amount"), text("note")));
        source.createTable(namespace, table);
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] regions = {"north", "south", "east", "west-\u00e9", "\u4e2d"};
        for (String region : regions) {
            for (int id = 1; id <= 600; id++) {
                rows.add(row("region", region, "id", id, "amount", id * 3, "note", region + "/" + id));
            }
        }
        source.insert(namespace, table, rows);

        snapshotReadsEveryRowOnce(table, rows.size(), 250);
    }

    @Test
    void snapshotOfATextKeyTableInSeveralChunksReadsEveryRowOnce() throws Exception {
        TableSpec table = new TableSpec("words", List.of(text("word")), List.of(integer("amount"), text("note")));
        source.createTable(namespace, table);
        List<Map<String, Object>> rows = new ArrayList<>();
        Random random = new Random(7);
        // Mixed case, accents and CJK, but no two words equal where case or accents are ignored: a
        // source's text keys may compare so (MySQL's default collations do).
        String alphabet = "aAbBzZ09\u00e9\u00c9\u00df\u4e2d";
        Map<String, String> words = new java.util.TreeMap<>();
        while (words.size() < 2000) {
            StringBuilder word = new StringBuilder("w");
            for (int i = 0, length = 1 + random.nextInt(8); i < length; i++) {
                word.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String folded = java.text.Normalizer.normalize(word.toString().toLowerCase(java.util.Locale.ROOT), java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "");
            words.putIfAbsent(folded, word.toString());
        }
        int amount = 0;
        for (String word : words.values()) {
            rows.add(row("word", word, "amount", amount++, "note", "n" + amount));
        }
        source.insert(namespace, table, rows);

        snapshotReadsEveryRowOnce(table, rows.size(), 150);
    }

    @Test
    void aTableWithoutPrimaryKeyChunkedByAUniqueColumnIsReadInChunksOnceAndThenStreamed() throws Exception {
        assumeTrue(capabilities().supportsKeylessTablesByChunkKeyColumn(), "the source cannot chunk a table without primary key by a column");
        TableSpec table = new TableSpec("keyless", List.of(integer("id")), List.of(integer("amount"), text("note"))).withoutPrimaryKey();
        source.createTable(namespace, table);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int id = 1; id <= 3_000; id++) {
            rows.add(row("id", id * 7, "amount", id, "note", "n" + id));
        }
        source.insert(namespace, table, rows);
        String name = pipelineName("keyless");
        Map<String, String> chunkById = Map.of("scan.incremental.snapshot.chunk.key-column", "id");

        RunningPipeline running = start(name, table, StartupMode.INITIAL, 200, chunkById, Map.of("row-identity", "id"));
        awaitTargetEqualsSource(name, table, running);
        Map<List<Object>, Integer> reads = target(name).committedReads(tableId(table));
        assertThat(reads).as("every row read by the snapshot").hasSize(rows.size());
        assertThat(reads.values()).as("no row read twice").containsOnly(1);

        source.update(namespace, table, row("id", 7), row("amount", -1, "note", "changed"));
        source.delete(namespace, table, row("id", 14));
        source.insert(namespace, table, List.of(row("id", 1, "amount", 0, "note", "new")));
        awaitTargetEqualsSource(name, table, running);
    }

    private void snapshotReadsEveryRowOnce(TableSpec table, int rows, int chunkSize) throws Exception {
        String name = pipelineName("snapshot");
        RunningPipeline running = start(name, table, StartupMode.INITIAL, chunkSize, Map.of());
        awaitTargetEqualsSource(name, table, running);
        Map<List<Object>, Integer> reads = target(name).committedReads(tableId(table));
        assertThat(reads).as("every row read by the snapshot (%d rows, chunks of %d)", rows, chunkSize).hasSize(rows);
        assertThat(reads.values()).as("no row read twice").containsOnly(1);
    }

    // ---- 2. every mapped type reads the same from the snapshot and from the log

    @Test
    void everyMappedTypeReadsTheSameFromTheSnapshotAndFromTheLog() throws Exception {
        List<TypeSample> samples = source.typeSamples();
        TableSpec table = new TableSpec("typed", List.of(integer("id")), List.of(integer("touch")));
        source.createTypedTable(namespace, table.name(), samples);
        int rowCount = samples.stream().mapToInt(s -> s.values().size()).max().orElseThrow();
        for (int r = 0; r < rowCount; r++) {
            source.insertTyped(namespace, table.name(), r, valuesOfRow(samples, r));
        }
        String name = pipelineName("types");
        RunningPipeline running = start(name, table, StartupMode.INITIAL, 1000, Map.of());
        TableId id = tableId(table);
        await(() -> target(name).committedReads(id).size() == rowCount, "the snapshot of " + rowCount + " typed rows", running);

        source.touchTyped(namespace, table.name());
        for (int r = 0; r < rowCount; r++) {
            source.insertTyped(namespace, table.name(), 1000 + r, valuesOfRow(samples, r));
        }
        await(() -> target(name).rows(id).size() == 2 * rowCount
                && target(name).rows(id).values().stream().allMatch(row -> Integer.valueOf(1).equals(row.get("touch")) || (Integer) row.get("id") >= 1000),
                "the streamed copies and updates", running);

        Map<List<Object>, List<Change>> histories = target(name).histories(id);
        List<String> differences = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            Map<String, Object> snapshot = onlyAfter(histories.get(List.of(r)), Operation.READ);
            Map<String, Object> updated = onlyAfter(histories.get(List.of(r)), Operation.UPDATE);
            Map<String, Object> inserted = onlyAfter(histories.get(List.of(1000 + r)), Operation.INSERT);
            for (int c = 0; c < samples.size(); c++) {
                String column = "c" + c;
                String written = valuesOfRow(samples, r).get(c);
                Object read = comparable(snapshot.get(column));
                if (!Objects.equals(read, comparable(updated.get(column))) || !Objects.equals(read, comparable(inserted.get(column)))) {
                    differences.add(samples.get(c).nativeType() + " " + written + ": snapshot " + describe(snapshot.get(column)) + ", stream update "
                            + describe(updated.get(column)) + ", stream insert " + describe(inserted.get(column)));
                }
                if (written == null && snapshot.get(column) != null) {
                    differences.add(samples.get(c).nativeType() + " NULL read as " + describe(snapshot.get(column)));
                }
            }
        }
        assertThat(differences).as("values whose snapshot and log reading differ").isEmpty();
    }

    private static List<String> valuesOfRow(List<TypeSample> samples, int r) {
        List<String> values = new ArrayList<>();
        for (TypeSample sample : samples) {
            values.add(r < sample.values().size() ? sample.values().get(r) : null);
        }
        return values;
    }

    private static Map<String, Object> onlyAfter(List<Change> history, Operation operation) {
        assertThat(history).as("changes of a typed row").isNotNull();
        List<Map<String, Object>> afters = history.stream().filter(c -> c.operation() == operation).map(c -> c.after().orElseThrow()).toList();
        assertThat(afters).as("%s events in %s", operation, history).hasSize(1);
        return afters.get(0);
    }

    private static String describe(Object value) {
        return value == null ? "null" : comparable(value) + " (" + value.getClass().getSimpleName() + ")";
    }

    // ---- 3. snapshot under concurrent writes, then the stream: no gap, no duplicate

    @Test
    void snapshotUnderConcurrentWritesHandsOffToTheStreamWithoutGapOrDuplicate() throws Exception {
        long seed = seed();
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, seed);
        workload.load(8000);
        String name = pipelineName("handoff");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                while (writing.get()) {
                    workload.write(1);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "contract writer");
        writer.start();
        try {
            // The writer runs before the pipeline starts, through the whole snapshot and on after the stream delivered.
            RunningPipeline running = start(name, table, StartupMode.INITIAL, 100, Map.of());
            TableId id = tableId(table);
            await(() -> target(name).histories(id).values().stream().flatMap(List::stream).anyMatch(c -> c.operation() != Operation.READ),
                    "a streamed change", running);
            int streamedFrom = workload.writes();
            await(() -> workload.writes() >= streamedFrom + 200 || writerFailure.get() != null, "200 more writes", running);
            writing.set(false);
            writer.join(DEADLINE.toMillis());
            assertThat(writerFailure.get()).as("the concurrent writer").isNull();
            System.out.printf("%s: %d writes, %d of them before the first streamed change was delivered%n", name, workload.writes(), streamedFrom);

            awaitTargetEqualsSource(name, table, running);
            assertVersionsFollowEachOther(name, table);
            assertThat(target(name).committedReads(id).values()).as("no row read twice").containsOnly(1);
        } finally {
            writing.set(false);
            writer.join(DEADLINE.toMillis());
        }
    }

    // ---- 3b. a table's changes flow once it is read, while others still are

    @Test
    void changesOfATableAlreadyReadArriveWhileALargerTableIsStillReadAcrossACrash() throws Exception {
        changesArriveWhileALargerTableIsStillRead("live", Map.of("recovery", "converges"), false);
    }

    /**
     * The same into a target that rolls back to its last checkpoint (as exactly-once Kafka does),
     * with the large table written to while it is read: every key's versions follow each other in
     * the target, none repeated and none missing, across the crash.
     */
    @Test
    void changesArriveExactlyOnceWhileALargerTableIsStillReadAcrossACrash() throws Exception {
        changesArriveWhileALargerTableIsStillRead("live-once", Map.of(), true);
    }

    private void changesArriveWhileALargerTableIsStillRead(String scenario, Map<String, String> sinkOptions, boolean exactlyOnce) throws Exception {
        assumeTrue(capabilities().streamsDuringSnapshot(), "the source keeps the stream until the snapshot is read");
        TableSpec hot = new TableSpec("a_hot", versionedTable().keyColumns(), versionedTable().valueColumns());
        TableSpec big = new TableSpec("b_big", versionedTable().keyColumns(), versionedTable().valueColumns());
        long seed = seed();
        VersionedWorkload hotWrites = new VersionedWorkload(source, namespace, hot, seed);
        hotWrites.load(50);
        int bigRows = 8_000;
        VersionedWorkload bigWrites = new VersionedWorkload(source, namespace, big, seed + 1);
        bigWrites.load(bigRows);
        String name = pipelineName(scenario);
        TableId hotId = tableId(hot);
        TableId bigId = tableId(big);

        // Tables are read in name order, so a_hot is read first; chunks of 25 rows make b_big take a while.
        RunningPipeline first = start(name, List.of(hot, big), StartupMode.INITIAL, 25, FREQUENT_CHECKPOINTS, sinkOptions);
        await(() -> target(name).rows(hotId).size() == 50, "a_hot read", first);
        int bigReadAtFirstChange = insertAndAwait(name, hot, 900_001, first, bigId);
        assertThat(bigReadAtFirstChange).as("rows of b_big in the target when a change of a_hot arrived").isLessThan(bigRows);
        bigWrites.write(60); // keys of chunks read and of chunks not read yet
        first.crash();
        System.out.printf("%s: a change of a_hot arrived with %d of %d rows of b_big read; crashed there%n", name, bigReadAtFirstChange, bigRows);

        hotWrites.write(20);
        RunningPipeline second = start(name, List.of(hot, big), StartupMode.INITIAL, 25, FREQUENT_CHECKPOINTS, sinkOptions);
        int bigReadAtSecondChange = insertAndAwait(name, hot, 900_002, second, bigId);
        System.out.printf("%s: after the restart, a change of a_hot arrived with %d of %d rows of b_big read%n", name, bigReadAtSecondChange, bigRows);
        assertThat(bigReadAtSecondChange).as("rows of b_big in the target when a change of a_hot arrived after the restart").isLessThan(bigRows);
        hotWrites.write(20);
        bigWrites.write(60);
        awaitTargetEqualsSource(name, hot, second);
        awaitTargetEqualsSource(name, big, second);
        if (exactlyOnce) {
            assertVersionsFollowEachOther(name, hot);
            assertVersionsFollowEachOther(name, big);
        }
    }

    /** Inserts row {@code id} into {@code table} and waits for it in the target; returns how many rows of {@code other} the target held then. */
    private int insertAndAwait(String name, TableSpec table, int id, RunningPipeline running, TableId other) throws InterruptedException {
        Map<String, Object> inserted = row("id", id, "version", 1, "note", "live");
        source.insert(namespace, table, List.of(inserted));
        TableId tableId = tableId(table);
        List<Object> key = comparableKey(table, inserted);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            running.check();
            int otherRows = target(name).rows(other).size();
            if (target(name).rows(tableId).containsKey(key)) {
                return otherRows; // counted before the look, so never more than when the change arrived
            }
            Thread.sleep(10); // polling the collected target
        }
        throw new AssertionError("row " + id + " of " + tableId + " (key " + key + ") did not reach the target within " + DEADLINE + "; it holds "
                + target(name).rows(tableId).size() + " rows, keys such as " + target(name).rows(tableId).keySet().stream().limit(3).toList());
    }

    // ---- 4. crashes in the snapshot and in the stream

    @Test
    void crashesInTheSnapshotAndInTheStreamLeaveTheTargetEqualToTheSource() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, seed);
        int rows = 12_000;
        workload.load(rows);
        String name = pipelineName("crashes");
        TableId id = tableId(table);

        int holdAt = rows / 10 + random.nextInt(rows / 2);
        target(name).holdAfterCommittedReads(holdAt);
        // Checkpoints every 50 ms and small chunks: the snapshot spans several checkpoints, so the hold falls inside it.
        RunningPipeline first = start(name, table, StartupMode.INITIAL, 100, FREQUENT_CHECKPOINTS);
        workload.write(100);
        await(target(name)::isHolding, "a checkpoint holding " + holdAt + " snapshot reads", first);
        Set<List<Object>> readBeforeCrash = target(name).keysRead(id);
        first.crash();
        System.out.printf("%s: crashed with %d of %d snapshot reads committed (%s; a sink writer %s)%n", name, readBeforeCrash.size(), rows,
                readBeforeCrash.size() < rows ? "in the snapshot" : "after the snapshot",
                target(name).writerWasHeld() ? "was held with events to deliver" : "had delivered every event it was sent");
        target(name).release();
        workload.write(150);

        RunningPipeline second = start(name, table, StartupMode.INITIAL, 100, FREQUENT_CHECKPOINTS);
        workload.write(150);
        awaitTargetEqualsSource(name, table, second);
        Map<List<Object>, Integer> seen = target(name).seenReads(id);
        List<List<Object>> readAgain = readBeforeCrash.stream().filter(key -> seen.getOrDefault(key, 0) > 1).toList();
        assertThat(readAgain).as("rows of chunks finished before the crash read again").isEmpty();
        assertThat(target(name).committedReads(id).values()).as("no row in the target read twice").containsOnly(1);

        int writesBeforeStreamCrash = 20 + random.nextInt(300);
        workload.write(writesBeforeStreamCrash);
        second.crash();
        System.out.printf("%s: crashed while streaming after %d writes%n", name, writesBeforeStreamCrash);
        workload.write(150);
        RunningPipeline third = start(name, table, StartupMode.INITIAL, 100, FREQUENT_CHECKPOINTS);
        workload.write(150);
        awaitTargetEqualsSource(name, table, third);
        assertVersionsFollowEachOther(name, table);
    }

    // ---- 5. checkpoints of the previous release restore

    @Test
    void checkpointedPositionsAndMarkersOfThePreviousReleaseDecode() throws IOException {
        List<SerializerFixture<?>> fixtures = source.serializerFixtures();
        assertThat(fixtures).as("fixtures of the position and the snapshot-marker serializers").hasSizeGreaterThanOrEqualTo(2);
        if (System.getProperty(WRITE_FIXTURES) != null) {
            for (SerializerFixture<?> fixture : fixtures) {
                writeCurrentEncoding(fixture);
            }
        }
        for (SerializerFixture<?> fixture : fixtures) {
            checkFixture(fixture);
        }
    }

    private static <T> void writeCurrentEncoding(SerializerFixture<T> fixture) throws IOException {
        if (fixture.version() == fixture.serializer().getVersion()) {
            Path file = Path.of("src", "test", "resources", "serializer-fixtures", fixture.resource());
            Files.createDirectories(file.getParent());
            Files.write(file, fixture.serializer().serialize(fixture.expected()));
            System.out.println("wrote " + file.toAbsolutePath());
        }
    }

    private static <T> void checkFixture(SerializerFixture<T> fixture) throws IOException {
        byte[] bytes;
        try (InputStream in = SourceContractScenarios.class.getResourceAsStream("/serializer-fixtures/" + fixture.resource())) {
            assertThat(in).as("fixture %s on the test class path; write it once with -D%s", fixture.resource(), WRITE_FIXTURES).isNotNull();
            bytes = in.readAllBytes();
        }
        assertThat(fixture.serializer().deserialize(fixture.version(), bytes)).as(fixture.resource()).isEqualTo(fixture.expected());
        if (fixture.version() == fixture.serializer().getVersion()) {
            assertThat(fixture.serializer().serialize(fixture.expected()))
                    .as("%s: the current version still writes these bytes (a changed encoding needs a new version)", fixture.resource())
                    .isEqualTo(bytes);
        }
    }

    // ---- 6. a column added while streaming

    @Test
    void aColumnAddedWhileStreamingReachesTheTargetWithItsValues() throws Exception {
        assumeTrue(capabilities().supportsSchemaChanges(), "the source does not carry schema changes");
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, 11);
        workload.load(300);
        String name = pipelineName("schema");
        RunningPipeline running = start(name, table, StartupMode.INITIAL, 100, Map.of());
        awaitTargetEqualsSource(name, table, running);

        source.addColumn(namespace, table, text("channel"));
        source.insert(namespace, table, List.of(row("id", 5001, "version", 1, "note", "after the change", "channel", "web")));
        source.update(namespace, table, Map.of("id", 7), Map.of("version", 2, "channel", "phone"));
        source.update(namespace, table, Map.of("id", 8), Map.of("version", 2));
        awaitTargetEqualsSource(name, table, running);

        assertThat(target(name).rows(tableId(table)).get(List.of(5001))).containsEntry("channel", "web");
        assertThat(target(name).rows(tableId(table)).get(List.of(7))).containsEntry("channel", "phone");
        // Each sink subtask commits on its own: the rows may be visible here before the subtask
        // holding the schema change has committed it.
        await(() -> target(name).schemaChanges(tableId(table)).stream()
                .anyMatch(change -> change instanceof SchemaChange.AddColumn add && add.column().name().equals("channel")),
                "the added column as a schema change in the target", running);
    }

    // ---- 7. startup modes

    @Test
    void initialSnapshotsTheTableAndThenStreamsItsChanges() throws Exception {
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, 13);
        workload.load(500);
        String name = pipelineName("initial");
        RunningPipeline running = start(name, table, StartupMode.INITIAL, 100, Map.of());
        awaitTargetEqualsSource(name, table, running);
        workload.write(100);
        awaitTargetEqualsSource(name, table, running);

        assertThat(target(name).committedReads(tableId(table))).as("every row present at the start read once").hasSize(500);
        assertThat(target(name).histories(tableId(table)).values().stream().flatMap(List::stream).map(Change::operation))
                .as("the changes after the snapshot").contains(Operation.INSERT, Operation.UPDATE, Operation.DELETE);
    }

    @Test
    void snapshotReadsTheTableAndFinishes() throws Exception {
        assumeTrue(capabilities().supports(StartupMode.SNAPSHOT), "the source has no snapshot startup mode");
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, 17);
        workload.load(700);
        String name = pipelineName("snapshotmode");
        RunningPipeline running = start(name, table, StartupMode.SNAPSHOT, 100, Map.of());
        running.join(DEADLINE);

        assertThat(running.hasEnded()).as("a snapshot-only pipeline finishes by itself").isTrue();
        running.check();
        assertTargetEqualsSource(name, table);
        assertThat(target(name).committedReads(tableId(table)).values()).hasSize(700).containsOnly(1);
        assertThat(target(name).histories(tableId(table)).values().stream().flatMap(List::stream).map(Change::operation))
                .as("only snapshot reads").containsOnly(Operation.READ);
    }

    @Test
    void latestOffsetStreamsOnlyChangesCommittedAfterTheStart() throws Exception {
        assumeTrue(capabilities().supports(StartupMode.LATEST_OFFSET), "the source has no latest-offset startup mode");
        TableSpec table = versionedTable();
        VersionedWorkload workload = new VersionedWorkload(source, namespace, table, 19);
        workload.load(50);
        String name = pipelineName("latest");
        RunningPipeline running = start(name, table, StartupMode.LATEST_OFFSET, 100, Map.of());
        int probe = insertUntilCaptured(name, table, running);
        source.update(namespace, table, Map.of("id", 1), Map.of("version", 2, "note", "after the start"));
        source.delete(namespace, table, Map.of("id", 2));
        TableId id = tableId(table);
        await(() -> target(name).rows(id).containsKey(List.of(1)) && target(name).histories(id).containsKey(List.of(2)),
                "the update and the delete after the start", running);

        Map<List<Object>, Map<String, Object>> rows = target(name).rows(id);
        assertThat(target(name).committedReads(id)).as("no snapshot").isEmpty();
        assertThat(rows.get(List.of(1))).containsEntry("version", 2);
        assertThat(rows.keySet()).as("rows unchanged since the start are not copied").doesNotContain(List.of(3), List.of(50))
                .contains(List.of(probe));
    }

    @Test
    void earliestOffsetReplaysTheChangesTheLogStillHolds() throws Exception {
        assumeTrue(capabilities().supports(StartupMode.EARLIEST_OFFSET), "the source has no earliest-offset startup mode");
        TableSpec table = versionedTable();
        source.createTable(namespace, table);
        source.insert(namespace, table, List.of(row("id", 1, "version", 1, "note", "a"), row("id", 2, "version", 1, "note", "b")));
        source.update(namespace, table, Map.of("id", 2), Map.of("version", 2));
        source.delete(namespace, table, Map.of("id", 1));
        String name = pipelineName("earliest");
        RunningPipeline running = start(name, table, StartupMode.EARLIEST_OFFSET, 100, Map.of());
        TableId id = tableId(table);
        await(() -> target(name).histories(id).getOrDefault(List.of(1), List.of()).stream().anyMatch(c -> c.operation() == Operation.DELETE),
                "the delete of row 1", running);

        assertTargetEqualsSource(name, table);
        assertThat(target(name).committedReads(id)).as("no snapshot").isEmpty();
        assertThat(versions(target(name).histories(id).get(List.of(2)))).containsExactly(1, 2);
    }

    @Test
    void timestampStreamsChangesCommittedFromThatTimeOn() throws Exception {
        assumeTrue(capabilities().supports(StartupMode.TIMESTAMP), "the source has no timestamp startup mode");
        TableSpec table = versionedTable();
        source.createTable(namespace, table);
        source.insert(namespace, table, List.of(row("id", 1, "version", 1, "note", "before")));
        // Logs may keep whole seconds: start at the second after the next one.
        long startMillis = (System.currentTimeMillis() / 1000 + 2) * 1000;
        waitUntil(startMillis + 50);
        source.insert(namespace, table, List.of(row("id", 2, "version", 1, "note", "after")));
        String name = pipelineName("timestamp");
        RunningPipeline running = start(name, table, StartupMode.TIMESTAMP, 100, Map.of("scan.startup.timestamp-millis", Long.toString(startMillis)));
        TableId id = tableId(table);
        await(() -> target(name).rows(id).containsKey(List.of(2)), "row 2, inserted after the start time", running);

        assertThat(target(name).rows(id).keySet()).containsExactly(List.of(2));
    }

    @Test
    void specificOffsetStreamsFromTheGivenPosition() throws Exception {
        assumeTrue(capabilities().supports(StartupMode.SPECIFIC_OFFSET), "the source has no specific-offset startup mode");
        TableSpec table = versionedTable();
        source.createTable(namespace, table);
        source.insert(namespace, table, List.of(row("id", 1, "version", 1, "note", "before")));
        Map<String, String> position = source.specificOffsetAtCurrentEnd().orElseThrow(() ->
                new AssertionError("a source with specific-offset must say how to start at the log's current end"));
        source.insert(namespace, table, List.of(row("id", 2, "version", 1, "note", "after")));
        source.update(namespace, table, Map.of("id", 2), Map.of("version", 2));
        String name = pipelineName("specific");
        RunningPipeline running = start(name, table, StartupMode.SPECIFIC_OFFSET, 100, position);
        TableId id = tableId(table);
        await(() -> Integer.valueOf(2).equals(target(name).rows(id).getOrDefault(List.of(2), Map.of()).get("version")), "row 2 at version 2", running);

        assertThat(target(name).rows(id).keySet()).containsExactly(List.of(2));
        assertThat(versions(target(name).histories(id).get(List.of(2)))).containsExactly(1, 2);
    }

    // ---- helpers

    private static TableSpec versionedTable() {
        return VersionedWorkload.TABLE_SHAPE;
    }

    private static long seed() {
        String configured = System.getProperty("tributary.contract.seed");
        long seed = configured != null ? Long.parseLong(configured) : new Random().nextLong();
        System.out.println("contract seed " + seed + " (replay with -Dtributary.contract.seed=" + seed + ")");
        return seed;
    }

    private String pipelineName(String scenario) {
        String name = namespace + "_" + scenario;
        targets.add(name);
        return name;
    }

    /** The table's id as the sink sees it: the source's id after the pipeline's default route. */
    private TableId tableId(TableSpec table) {
        return DEFAULT_ROUTE.route(source.tableId(namespace, table.name()));
    }

    private static CollectedTarget target(String name) {
        return CollectedTargetSinkFactory.target(name);
    }

    private RunningPipeline start(String name, TableSpec table, StartupMode mode, int chunkSize, Map<String, String> extraOptions) {
        return start(name, table, mode, chunkSize, extraOptions, Map.of());
    }

    private RunningPipeline start(String name, TableSpec table, StartupMode mode, int chunkSize, Map<String, String> extraOptions,
            Map<String, String> sinkOptions) {
        return start(name, List.of(table), mode, chunkSize, extraOptions, sinkOptions);
    }

    /** Tables of one shape (the target views rows as the first one's). */
    private RunningPipeline start(String name, List<TableSpec> tables, StartupMode mode, int chunkSize, Map<String, String> extraOptions,
            Map<String, String> sinkOptions) {
        TableSpec table = tables.get(0);
        Map<String, String> options = new HashMap<>(source.sourceOptions(namespace, tables.stream().map(TableSpec::name).toList()));
        options.put("scan.startup.mode", mode.optionValue());
        options.put("scan.incremental.snapshot.chunk.size", Integer.toString(chunkSize));
        Map<String, String> pipelineOptions = new HashMap<>(Map.of("parallelism", "2", "execution.checkpointing.interval", "200ms"));
        extraOptions.forEach((key, value) -> (key.startsWith("execution.") ? pipelineOptions : options).put(key, value));
        PipelineDefinition definition = new PipelineDefinition(name, new ConnectorDefinition(source.type(), options),
                new ConnectorDefinition("collect-target", withName(sinkOptions, name)), List.<RouteDefinition>of(), pipelineOptions);
        target(name).viewRowsAs(row -> source.rowAsWritten(table, row));
        RunningPipeline running = RunningPipeline.start(new PipelineRunner(definition, new RunOptions(stateDir.resolve(name), OptionalInt.empty())), name);
        pipelines.add(running);
        return running;
    }

    private static Map<String, String> withName(Map<String, String> sinkOptions, String name) {
        Map<String, String> options = new HashMap<>(sinkOptions);
        options.put("name", name);
        return options;
    }

    /** Inserts probe rows (ids from 100,000) until one reaches the target: then the stream has started. */
    private int insertUntilCaptured(String name, TableSpec table, RunningPipeline running) throws InterruptedException {
        TableId id = tableId(table);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int probe = 100_000; System.nanoTime() < deadline; probe++) {
            running.check();
            source.insert(namespace, table, List.of(row("id", probe, "version", 1, "note", "probe")));
            long probeDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < probeDeadline) {
                Set<List<Object>> keys = target(name).rows(id).keySet();
                if (!keys.isEmpty()) {
                    return (Integer) keys.iterator().next().get(0);
                }
                Thread.sleep(50); // polling the collected target
            }
        }
        throw new AssertionError("no probe row reached the target within " + DEADLINE);
    }

    private void awaitTargetEqualsSource(String name, TableSpec table, RunningPipeline running) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            running.check();
            if (differences(name, table).isEmpty()) {
                return;
            }
            Thread.sleep(100); // polling the collected target
        }
        assertTargetEqualsSource(name, table);
    }

    private void assertTargetEqualsSource(String name, TableSpec table) {
        assertThat(differences(name, table)).as("rows where the target differs from the source table").isEmpty();
    }

    /** Up to 20 keys whose row differs between source and target. */
    private List<String> differences(String name, TableSpec table) {
        Map<List<Object>, Map<String, Object>> expected = new HashMap<>();
        for (Map<String, Object> row : source.readTable(namespace, table)) {
            expected.put(comparableKey(table, row), comparableRow(row));
        }
        Map<List<Object>, Map<String, Object>> actual = new HashMap<>();
        target(name).rows(tableId(table)).forEach((key, row) -> actual.put(key, comparableRow(row)));
        List<String> differences = new ArrayList<>();
        Set<List<Object>> keys = new java.util.HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (List<Object> key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key)) && differences.size() < 20) {
                differences.add(key + ": source " + expected.get(key) + ", target " + actual.get(key));
            }
        }
        if (!differences.isEmpty()) {
            differences.add(0, expected.size() + " source rows, " + actual.size() + " target rows");
        }
        return differences;
    }

    private static List<Object> comparableKey(TableSpec table, Map<String, Object> row) {
        List<Object> key = new ArrayList<>();
        table.keyValues(row).forEach(value -> key.add(comparable(value)));
        return key;
    }

    /** The row's non-null values: a column the target added after a row arrived holds NULL there, as in a table. */
    private static Map<String, Object> comparableRow(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (value != null) {
                copy.put(column, comparable(value));
            }
        });
        return copy;
    }

    /**
     * Per key, the versions in the order the target applied them must go up by exactly one (a
     * delete carries none; the re-insert after it has the next version): no change missing at the
     * handoff or across a crash, none repeated.
     */
    private void assertVersionsFollowEachOther(String name, TableSpec table) {
        if (!capabilities().hasExactHandoff()) {
            System.out.println(name + ": the source may repeat changes at the handoff; only target == source is checked");
            return;
        }
        List<String> broken = new ArrayList<>();
        target(name).histories(tableId(table)).forEach((key, history) -> {
            List<Integer> versions = versions(history);
            for (int i = 1; i < versions.size(); i++) {
                if (versions.get(i) != versions.get(i - 1) + 1 && broken.size() < 20) {
                    broken.add(key + ": " + history.stream().map(c -> c.operation() + c.after().map(a -> " v" + a.get("version")).orElse("")).toList());
                    break;
                }
            }
        });
        assertThat(broken).as("keys whose versions skip or repeat one").isEmpty();
    }

    private static List<Integer> versions(List<Change> history) {
        return history.stream().filter(c -> c.after().isPresent()).map(c -> (Integer) c.after().get().get("version")).toList();
    }

    private static void await(BooleanSupplier condition, String what, RunningPipeline running) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            running.check();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50); // polling the collected target
        }
        throw new AssertionError("waited " + DEADLINE + " for " + what);
    }

    private static void waitUntil(long epochMillis) throws InterruptedException {
        while (System.currentTimeMillis() < epochMillis) {
            Thread.sleep(20); // polling the clock
        }
    }

    /** A row from alternating column names and values. */
    protected static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
