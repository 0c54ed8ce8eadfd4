package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.util.Optional;

/**
 * How far splitting of one table has got: the upper bound of the last chunk made (absent before
 * the first) and the index the next chunk gets.
 */
public record SplittingCursor(TableId tableId, Optional<Object[]> lastUpperBound, int nextChunkIndex) implements Serializable {
    public SplittingCursor {
        requireNonNull(tableId, "tableId is null");
        requireNonNull(lastUpperBound, "lastUpperBound is null");
    }

    public static SplittingCursor start(TableId tableId) {
        return new SplittingCursor(tableId, Optional.empty(), 0);
    }
}
