package io.tributary.cli.demo;

import static java.util.Objects.requireNonNull;

/** What a table holds, as far as the demo compares: its row count and a checksum of its rows. */
record TableContents(long rows, String checksum) {
    TableContents {
        requireNonNull(checksum, "checksum is null");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, was " + rows);
        }
    }
}
