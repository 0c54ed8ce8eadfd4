package io.tributary.source.oracle.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * An Oracle extended ROWID, the address of a row of a heap table: its text is 18 digits of
 * Oracle's base-64 alphabet ({@code A-Z} are 0–25, {@code a-z} 26–51, {@code 0-9} 52–61,
 * {@code +} 62, {@code /} 63), most significant first, in four fixed-width fields
 * {@code OOOOOOFFFBBBBBBRRR}: the data object number (6 digits), the tablespace-relative file
 * number (3), the block number in that file (6) and the row's slot in the block (3, the first
 * row is 0). Sources: Oracle Database Concepts, "Rowid Format" (example {@code AAAPecAAFAAAABSAAA}:
 * object {@code AAAPec}, file {@code AAF}, block {@code AAAABS}, row {@code AAA}); SQL Language
 * Reference, "ROWID Pseudocolumn" and "Rowid Data Types" (the alphabet); PL/SQL Packages and
 * Types Reference, DBMS_ROWID ({@code ROWID_CREATE(1, object, file, block, row)}, which the
 * canonical constructor mirrors).
 *
 * <p>Order: by data object number, then relative file, then block, then row. The documentation
 * above gives the fields and their layout but does not state how ROWIDs compare; this is the order
 * of the internal ten-byte form (data object number, then the data block address of file and
 * block, then the row number, most significant first), and the order the classic ROWID chunking
 * relies on (DBMS_PARALLEL_EXECUTE.CREATE_CHUNKS_BY_ROWID; the AskTom scripts that sort a
 * segment's DBA_EXTENTS by relative file and block and read each range with
 * {@code ROWID BETWEEN}). It has not been checked against a server from this build. Because the
 * text's fields are fixed-width and most significant first, the order is also that of the texts
 * compared digit by digit by value ({@link #compareText}), but not by {@link String#compareTo}:
 * ASCII puts {@code +}, {@code /} and the digits before the letters.
 *
 * <p>In a bigfile tablespace the nine file and block digits together hold the block number
 * (DBMS_ROWID's {@code ts_type_in => 'BIGFILE'}); a block number there is below 2<sup>32</sup>,
 * so such a ROWID reads here as file 0 and that block, and orders correctly.
 *
 * @param dataObjectNumber the segment's data object number ({@code DBA_OBJECTS.DATA_OBJECT_ID}:
 *     each partition has its own), 0 to 64<sup>6</sup> - 1
 * @param relativeFileNumber the file's number within its tablespace, 0 to 64<sup>3</sup> - 1
 * @param blockNumber the block's number within its file, 0 to 64<sup>6</sup> - 1
 * @param rowNumber the row's slot in its block, 0 to 64<sup>3</sup> - 1
 */
public record RowId(long dataObjectNumber, int relativeFileNumber, long blockNumber, int rowNumber) implements Comparable<RowId> {
    /** Characters in a ROWID's text. */
    public static final int LENGTH = 18;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int OBJECT_DIGITS = 6;
    private static final int FILE_DIGITS = 3;
    private static final int BLOCK_DIGITS = 6;
    private static final int ROW_DIGITS = 3;
    /** Each character's value in the alphabet, or -1 for a character outside it. */
    private static final byte[] DIGIT_VALUES = digitValues();
    private static final Comparator<RowId> ORDER = Comparator.comparingLong(RowId::dataObjectNumber)
            .thenComparingInt(RowId::relativeFileNumber)
            .thenComparingLong(RowId::blockNumber)
            .thenComparingInt(RowId::rowNumber);

    /** The ROWID with these parts, as {@code DBMS_ROWID.ROWID_CREATE(1, object, file, block, row)} makes it. */
    public RowId {
        checkRange("data object number", dataObjectNumber, OBJECT_DIGITS);
        checkRange("relative file number", relativeFileNumber, FILE_DIGITS);
        checkRange("block number", blockNumber, BLOCK_DIGITS);
        checkRange("row number", rowNumber, ROW_DIGITS);
    }

    /** The first ROWID of a block (row 0): no row of the block sorts before it. */
    public static RowId firstOfBlock(long dataObjectNumber, int relativeFileNumber, long blockNumber) {
        return new RowId(dataObjectNumber, relativeFileNumber, blockNumber, 0);
    }

    /**
     * Reads a ROWID's text as Oracle writes it ({@code ROWIDTOCHAR}, a ROWID fetched as text,
     * LogMiner's {@code ROW_ID}).
     *
     * @throws IllegalArgumentException naming the text when it is not an extended ROWID
     */
    public static RowId parse(String text) {
        checkText(text);
        int at = 0;
        long object = decode(text, at, OBJECT_DIGITS);
        at += OBJECT_DIGITS;
        long file = decode(text, at, FILE_DIGITS);
        at += FILE_DIGITS;
        long block = decode(text, at, BLOCK_DIGITS);
        at += BLOCK_DIGITS;
        long row = decode(text, at, ROW_DIGITS);
        return new RowId(object, (int) file, block, (int) row);
    }

    /**
     * Compares two ROWID texts as {@link #compareTo} compares the ROWIDs they stand for, without
     * building them: the texts' digits by value, left to right.
     *
     * @throws IllegalArgumentException naming the text when either is not an extended ROWID
     */
    public static int compareText(String left, String right) {
        checkText(left);
        checkText(right);
        for (int i = 0; i < LENGTH; i++) {
            int c = Integer.compare(DIGIT_VALUES[left.charAt(i)], DIGIT_VALUES[right.charAt(i)]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The 18-character text Oracle writes for this ROWID. */
    public String text() {
        StringBuilder text = new StringBuilder(LENGTH);
        encode(text, dataObjectNumber, OBJECT_DIGITS);
        encode(text, relativeFileNumber, FILE_DIGITS);
        encode(text, blockNumber, BLOCK_DIGITS);
        encode(text, rowNumber, ROW_DIGITS);
        return text.toString();
    }

    @Override
    public int compareTo(RowId other) {
        return ORDER.compare(this, other);
    }

    /** The ROWID's text, as Oracle shows it. */
    @Override
    public String toString() {
        return text();
    }

    private static void checkText(String text) {
        requireNonNull(text, "ROWID text is null");
        problemWith(text).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + text + "' is not an Oracle extended ROWID: " + problem
                    + ". An extended ROWID is 18 characters of A-Z a-z 0-9 + /, as ROWIDTOCHAR(ROWID) gives it.");
        });
    }

    /** What is wrong with {@code text} as an extended ROWID, if anything. */
    private static Optional<String> problemWith(String text) {
        if (text.startsWith("*")) {
            return Optional.of("it is a logical ROWID (of an index-organized table), which has no block address");
        }
        if (text.indexOf('.') >= 0) {
            return Optional.of("it looks like a restricted (Oracle 7) ROWID, which is not supported");
        }
        if (text.length() != LENGTH) {
            return Optional.of("it has " + text.length() + " characters, not " + LENGTH);
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= DIGIT_VALUES.length || DIGIT_VALUES[c] < 0) {
                return Optional.of("character " + (i + 1) + " ('" + c + "') is not in the base-64 alphabet");
            }
        }
        return Optional.empty();
    }

    private static long decode(String text, int from, int digits) {
        long value = 0;
        for (int i = from; i < from + digits; i++) {
            value = value * 64 + DIGIT_VALUES[text.charAt(i)];
        }
        return value;
    }

    private static void encode(StringBuilder text, long value, int digits) {
        for (int shift = 6 * (digits - 1); shift >= 0; shift -= 6) {
            text.append(ALPHABET.charAt((int) ((value >>> shift) & 63)));
        }
    }

    private static void checkRange(String part, long value, int digits) {
        long limit = 1L << (6 * digits);
        if (value < 0 || value >= limit) {
            throw new IllegalArgumentException("ROWID " + part + " " + value + " is out of range: " + digits
                    + " base-64 digits hold 0 to " + (limit - 1));
        }
    }

    private static byte[] digitValues() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            values[ALPHABET.charAt(i)] = (byte) i;
        }
        return values;
    }
}
