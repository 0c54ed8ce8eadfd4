package io.tributary.source.mysql;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * A position in the server's binary log: the file and byte offset of a transaction's start, the
 * server's executed GTID set before that transaction when GTIDs are in use (MySQL
 * {@code uuid:1-100,...}; MariaDB {@code domain-server-seq,...}), and how many row changes of
 * captured tables in that transaction were already emitted (a restart skips them).
 */
public record BinlogPosition(String file, long position, Optional<String> gtidSet, long rowsToSkip) implements Comparable<BinlogPosition>, Serializable {
    /** The start of a transaction, none of whose changes were emitted. */
    public BinlogPosition(String file, long position, Optional<String> gtidSet) {
        this(file, position, gtidSet, 0);
    }

    public BinlogPosition {
        requireNonNull(file, "file is null");
        requireNonNull(gtidSet, "gtidSet is null");
        if (file.isEmpty()) {
            throw new IllegalArgumentException("binlog file name is empty");
        }
        if (position < 0) {
            throw new IllegalArgumentException("binlog position is negative: " + position);
        }
        if (rowsToSkip < 0) {
            throw new IllegalArgumentException("rows to skip is negative: " + rowsToSkip);
        }
        gtidSet = gtidSet.filter(g -> !g.isBlank());
    }

    @Override
    public String toString() {
        return file + ":" + position + (rowsToSkip > 0 ? "+" + rowsToSkip + " rows" : "") + gtidSet.map(g -> " (GTIDs " + g + ")").orElse("");
    }

    /** The same place with {@code rows} row changes of its transaction emitted. */
    public BinlogPosition withRowsEmitted(long rows) {
        return new BinlogPosition(file, position, gtidSet, rows);
    }

    /**
     * Orders positions on one server: by the binlog file's sequence number, then by offset. Files
     * are named {@code base.NNNNNN}; the base is the same on one server.
     */
    public int compareFileAndOffset(BinlogPosition other) {
        int byFile = Long.compare(fileSequence(file), fileSequence(other.file));
        if (byFile == 0 && fileSequence(file) < 0) {
            byFile = file.compareTo(other.file);
        }
        return byFile != 0 ? byFile : Long.compare(position, other.position);
    }

    /** Log order on one server: file and offset of the transaction, then rows of it already emitted. */
    @Override
    public int compareTo(BinlogPosition other) {
        int c = compareFileAndOffset(other);
        return c != 0 ? c : Long.compare(rowsToSkip, other.rowsToSkip);
    }

    private static long fileSequence(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
