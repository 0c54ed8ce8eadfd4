package io.tributary.source.oracle.snapshot;

import io.tributary.core.source.dialect.ChunkKeyOrder;

/**
 * Orders the chunk bounds of a table cut by ROWID ({@link RowIdRanges}) as Oracle orders ROWIDs.
 * A bound holds one value, the ROWID's text (a String, as {@code ROWIDTOCHAR} and LogMiner's
 * {@code ROW_ID} give it), so checkpoints hold plain model values; the comparison is
 * {@link RowId}'s order, not the texts' string order, which puts {@code 0-9 + /} before the
 * letters although they are the alphabet's highest digits.
 */
public final class RowIdChunkKeyOrder implements ChunkKeyOrder {
    private static final long serialVersionUID = 1L;

    /**
     * The bound form of a row's ROWID: the text itself, checked.
     *
     * @throws IllegalArgumentException when the key is not one ROWID text
     */
    @Override
    public Object[] boundOf(Object[] chunkKeyValues) {
        String text = textOf(chunkKeyValues);
        RowId.parse(text);
        return new Object[] {text};
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        return RowId.compareText(textOf(left), textOf(right));
    }

    private static String textOf(Object[] key) {
        if (key.length != 1) {
            throw new IllegalArgumentException("a ROWID chunk key has one value, not " + key.length);
        }
        if (key[0] instanceof String text) {
            return text;
        }
        if (key[0] instanceof RowId rowId) {
            return rowId.text();
        }
        throw new IllegalArgumentException("a ROWID chunk key value is its text (ROWIDTOCHAR(ROWID)), not "
                + (key[0] == null ? "null" : key[0].getClass().getName() + " " + key[0]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowIdChunkKeyOrder;
    }

    @Override
    public int hashCode() {
        return RowIdChunkKeyOrder.class.hashCode();
    }

    @Override
    public String toString() {
        return "ROWID order";
    }
}
