package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * A position in the server's binary log: the file and byte offset, and the server's executed GTID
 * set there when GTIDs are in use (MySQL {@code uuid:1-100,...}; MariaDB {@code domain-server-seq,...}).
 */
public record BinlogPosition(String file, long position, Optional<String> gtidSet) implements Serializable {
    public BinlogPosition {
        requireNonNull(file, "file is null");
        requireNonNull(gtidSet, "gtidSet is null");
        if (file.isEmpty()) {
            throw new IllegalArgumentException("binlog file name is empty");
        }
        if (position < 0) {
            throw new IllegalArgumentException("binlog position is negative: " + position);
        }
        gtidSet = gtidSet.filter(g -> !g.isBlank());
    }

    @Override
    public String toString() {
        return file + ":" + position + gtidSet.map(g -> " (GTIDs " + g + ")").orElse("");
    }
}
