package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * The binlog position a snapshot epoch's view corresponds to: changes at or before it are in the
 * chunks read under the epoch. Empty when the server writes no binary log, which only a
 * snapshot-only pipeline accepts.
 */
public record MySqlSnapshotMarker(Optional<BinlogPosition> position) implements Serializable {
    public MySqlSnapshotMarker {
        requireNonNull(position, "position is null");
    }

    @Override
    public String toString() {
        return position.map(BinlogPosition::toString).orElse("no binlog");
    }
}
