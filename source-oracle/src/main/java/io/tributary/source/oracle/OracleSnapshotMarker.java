package io.tributary.source.oracle;

import java.io.Serializable;

/**
 * What a chunk's view holds: every transaction committed at or before {@code scn}. Chunks are read
 * {@code AS OF SCN scn}, so a chunk holds a change exactly when the change's commit SCN is at most
 * this one.
 *
 * @param scn the system change number the chunk was read as of
 */
public record OracleSnapshotMarker(long scn) implements Serializable {
    public OracleSnapshotMarker {
        if (scn < 0) {
            throw new IllegalArgumentException("an SCN is 0 or more, not " + scn);
        }
    }

    /** Whether a chunk read under this marker holds a change committed at {@code commitScn}. */
    public boolean holdsCommit(long commitScn) {
        return commitScn <= scn;
    }
}
