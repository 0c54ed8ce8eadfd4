package io.tributary.source.mongodb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tributary.core.model.TableId;
import io.tributary.core.source.dialect.CapturedTable;
import io.tributary.core.source.split.ChunkRange;
import io.tributary.source.mongodb.IdKind;
import io.tributary.source.mongodb.MongoSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

/**
 * The {@code splitVector} and {@code $sample} + {@code $bucketAuto} paths of the snapshot splitter,
 * which the in-build test server lacks: the commands sent, and the chunks cut from replies in the
 * shape MongoDB documents for them (src/test/resources/split-responses, written from that
 * documentation, not captured from a live server), parsed by the driver's codec.
 */
class SplitPointFinderTest {
    private static final TableId ORDERS = TableId.ofDatabaseTable("shop", "orders");

    @Test
    void splitVectorIsAskedForTwiceTheChunkSizeOverTheIdIndex() {
        assertThat(SplitPointFinder.splitVectorCommand(ORDERS, 64).toJson())
                .isEqualTo("{\"splitVector\": \"shop.orders\", \"keyPattern\": {\"_id\": 1}, \"maxChunkSize\": 128}");
    }

    @Test
    void splitVectorKeysBecomeChunkBoundaries() throws IOException {
        List<BsonValue> keys = SplitPointFinder.splitKeys(reply("splitVector-objectid.json"));

        assertThat(ranges(IdKind.OBJECT_ID, keys, Optional.empty())).containsExactly(
                "(-inf, 65a0f1c2e4b0a1b2c3d40000)", "[65a0f1c2e4b0a1b2c3d40000, 65a0f1c2e4b0a1b2c3d48000)",
                "[65a0f1c2e4b0a1b2c3d48000, 65a0f1c3e4b0a1b2c3d50000)", "[65a0f1c3e4b0a1b2c3d50000, +inf)");
        assertThat(ranges(IdKind.OBJECT_ID, keys, Optional.of("65a0f1c2e4b0a1b2c3d48000"))).as("resumed after a boundary").containsExactly(
                "[65a0f1c2e4b0a1b2c3d48000, 65a0f1c3e4b0a1b2c3d50000)", "[65a0f1c3e4b0a1b2c3d50000, +inf)");
    }

    @Test
    void noSplitKeysIsOneChunk() throws IOException {
        assertThat(ranges(IdKind.OBJECT_ID, SplitPointFinder.splitKeys(reply("splitVector-small.json")), Optional.empty()))
                .containsExactly("(-inf, +inf)");
    }

    @Test
    void bucketAutoSamplesAHundredIdsPerChunk() {
        assertThat(SplitPointFinder.bucketAutoPipeline(500, 5).stream().map(BsonDocument::toJson).toList()).containsExactly(
                "{\"$sample\": {\"size\": 500}}", "{\"$bucketAuto\": {\"groupBy\": \"$_id\", \"buckets\": 5}}");
    }

    @Test
    void bucketMinimaAfterTheFirstBecomeBoundariesAcrossIdTypes() throws IOException {
        List<BsonDocument> buckets = new ArrayList<>();
        reply("bucketAuto-mixed-ids.json").getDocument("cursor").getArray("firstBatch").forEach(bucket -> buckets.add(bucket.asDocument()));

        List<BsonValue> boundaries = SplitPointFinder.bucketBoundaries(buckets);

        assertThat(ranges(IdKind.EXTENDED_JSON, boundaries, Optional.empty())).containsExactly(
                "(-inf, 2500)", "[2500, 5000000000)", "[5000000000, \"k-0420\")", "[\"k-0420\", {\"$oid\": \"65a0f1c2e4b0a1b2c3d40000\"})",
                "[{\"$oid\": \"65a0f1c2e4b0a1b2c3d40000\"}, +inf)");
    }

    /** The chunks a splitter cuts along {@code boundaries}, as {@code [lower, upper)} of their column values. */
    private static List<String> ranges(IdKind kind, List<BsonValue> boundaries, Optional<Object> resumeAfter) {
        CapturedTable table = CapturedTable.byPrimaryKey(ORDERS, MongoSchemas.schema(kind), 1_000_000);
        List<String> ranges = new ArrayList<>();
        // The client is never used: the boundaries are given, so the splitter sends nothing.
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:9");
                MongoChunkSplitter splitter = new MongoChunkSplitter(client, table, 1_000, () -> Optional.of(boundaries),
                        resumeAfter.map(key -> new Object[] {key}))) {
            for (Optional<ChunkRange> chunk = splitter.next(); chunk.isPresent(); chunk = splitter.next()) {
                ranges.add(describe(chunk.get()));
            }
        }
        return ranges;
    }

    private static String describe(ChunkRange range) {
        return range.lower().map(bound -> (bound.inclusive() ? "[" : "(") + Arrays.toString(bound.key()).replaceAll("^\\[|]$", "")).orElse("(-inf")
                + ", " + range.upper().map(bound -> Arrays.toString(bound.key()).replaceAll("^\\[|]$", "") + (bound.inclusive() ? "]" : ")"))
                .orElse("+inf)");
    }

    private static BsonDocument reply(String name) throws IOException {
        try (InputStream in = SplitPointFinderTest.class.getResourceAsStream("/split-responses/" + name)) {
            return BsonDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
