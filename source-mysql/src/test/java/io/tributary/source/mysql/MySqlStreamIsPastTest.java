package io.tributary.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * When the stream is past a chunk's view: the binlog reader drops a change as held by a chunk only
 * when its transaction starts before the view, so from a resume position at or after the view no
 * change can be dropped by it any more, and the checkpoint may forget the view.
 */
class MySqlStreamIsPastTest {
    private static final MySqlSnapshotMarker VIEW = new MySqlSnapshotMarker(Optional.of(new BinlogPosition("mysql-bin.000003", 500, Optional.empty())));

    private final MySqlDialect dialect = new MySqlDialect(MySqlSourceOptions.from(Configuration.fromMap(
            Map.of("hostname", "127.0.0.1", "username", "cdc", "tables", "shop.\\.*"))));

    @Test
    void pastOnceTheResumedTransactionStartsAtOrAfterTheView() {
        assertThat(dialect.streamIsPast(position("mysql-bin.000003", 499), VIEW)).isFalse();
        assertThat(dialect.streamIsPast(position("mysql-bin.000002", 9_000), VIEW)).isFalse();
        assertThat(dialect.streamIsPast(position("mysql-bin.000003", 500), VIEW)).isTrue();
        assertThat(dialect.streamIsPast(position("mysql-bin.000004", 4), VIEW)).isTrue();
    }

    @Test
    void aTransactionStartedBeforeTheViewKeepsItEvenWithSomeOfItsRowsEmitted() {
        BinlogPosition inside = new BinlogPosition("mysql-bin.000003", 400, Optional.empty(), 25);
        assertThat(dialect.streamIsPast(inside, VIEW)).isFalse();
    }

    /** Beside the stream, a change goes on after a chunk read under the view only if its transaction starts at or after the view. */
    @Test
    void aViewHoldsTheChangesOfTransactionsThatStartBeforeIt() {
        io.tributary.core.model.DataChangeEvent change = io.tributary.core.model.DataChangeEvent.insert(
                io.tributary.core.model.TableId.ofDatabaseTable("shop", "orders"), new Object[] {1L}, 0);
        assertThat(dialect.viewHoldsChange(VIEW, io.tributary.core.source.dialect.StreamRecord.of(change,
                new BinlogPosition("mysql-bin.000003", 400, Optional.empty(), 3)))).isTrue();
        assertThat(dialect.viewHoldsChange(VIEW, io.tributary.core.source.dialect.StreamRecord.of(change,
                new BinlogPosition("mysql-bin.000003", 500, Optional.empty(), 1)))).isFalse();
    }

    @Test
    void aViewWithoutABinlogPositionIsNeverPassed() {
        assertThat(dialect.streamIsPast(position("mysql-bin.000009", 4), new MySqlSnapshotMarker(Optional.empty()))).isFalse();
    }

    private static BinlogPosition position(String file, long offset) {
        return new BinlogPosition(file, offset, Optional.empty());
    }
}
