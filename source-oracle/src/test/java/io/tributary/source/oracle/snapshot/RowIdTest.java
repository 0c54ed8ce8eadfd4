package io.tributary.source.oracle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowIdTest {
    /** Oracle Database Concepts, "Rowid Format": object AAAPec, file AAF, block AAAABS, row AAA. */
    @Test
    void readsTheRowidOfOracleConceptsExample() {
        RowId rowId = RowId.parse("AAAPecAAFAAAABSAAA");

        assertThat(rowId).isEqualTo(new RowId(63_388, 5, 82, 0));
        assertThat(rowId.text()).isEqualTo("AAAPecAAFAAAABSAAA");
    }

    /** DBMS_ROWID's example {@code ROWID_CREATE(1, 9999, 12, 1000, 13)}, and back. */
    @Test
    void buildsTheRowidOfDbmsRowidCreateExample() {
        RowId created = new RowId(9_999, 12, 1_000, 13);

        assertThat(created.text()).isEqualTo("AAACcPAAMAAAAPoAAN");
        assertThat(RowId.parse(created.text())).isEqualTo(created);
    }

    /** ROWIDs with the parts DBMS_ROWID reported for them on real servers, as published. */
    @Test
    void decodesThePartsDbmsRowidReports() {
        // SCOTT.EMP: ROWID_RELATIVE_FNO 4, ROWID_BLOCK_NUMBER 32, ROWID_ROW_NUMBER 0 and 13.
        assertThat(RowId.parse("AAAMfMAAEAAAAAgAAA")).isEqualTo(new RowId(51_148, 4, 32, 0));
        assertThat(RowId.parse("AAAMfMAAEAAAAAgAAN")).isEqualTo(new RowId(51_148, 4, 32, 13));
        // Data object 173494 (USER_OBJECTS), ROWID_CREATE(1, 173494, 6, 224, 0) from DBA_EXTENTS.
        assertThat(new RowId(173_494, 6, 224, 0).text()).isEqualTo("AAAqW2AAGAAAADgAAA");
        // A bigfile tablespace: ROWID_BLOCK_NUMBER(rowid, 'BIGFILE') 20, slot AAE.
        assertThat(RowId.parse("AAASAVAAAAAAAAUAAE")).isEqualTo(new RowId(73_749, 0, 20, 4));
    }

    @Test
    void roundTripsEveryPartAtItsLimits() {
        RowId lowest = new RowId(0, 0, 0, 0);
        RowId highest = new RowId((1L << 36) - 1, (1 << 18) - 1, (1L << 36) - 1, (1 << 18) - 1);

        assertThat(lowest.text()).isEqualTo("AAAAAAAAAAAAAAAAAA");
        assertThat(highest.text()).isEqualTo("//////////////////");
        assertThat(RowId.parse(highest.text())).isEqualTo(highest);
        assertThat(highest.toString()).isEqualTo("//////////////////");
    }

    @Test
    void roundTripsGeneratedRowids() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            RowId rowId = randomRowId(random);
            assertThat(RowId.parse(rowId.text())).isEqualTo(rowId);
        }
    }

    /**
     * By value the alphabet runs A-Z, a-z, 0-9, +, /; in ASCII it runs +, /, 0-9, A-Z, a-z. Row
     * numbers 25 ('Z'), 26 ('a'), 51 ('z'), 52 ('0'), 61 ('9'), 62 ('+') and 63 ('/') must sort in
     * that numeric order.
     */
    @Test
    void ordersAcrossTheAlphabetsBoundariesByValueNotByAscii() {
        List<String> byValue = List.of("AAAAAAAAAAAAAAAAAZ", "AAAAAAAAAAAAAAAAAa", "AAAAAAAAAAAAAAAAAz", "AAAAAAAAAAAAAAAAA0",
                "AAAAAAAAAAAAAAAAA9", "AAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAA/");

        assertThat(byValue.stream().map(RowId::parse).map(RowId::rowNumber)).containsExactly(25, 26, 51, 52, 61, 62, 63);
        assertThat(byValue.stream().map(RowId::parse).sorted().map(RowId::text)).containsExactlyElementsOf(byValue);
        assertThat(byValue.stream().sorted(RowId::compareText)).containsExactlyElementsOf(byValue);
        // String order gets these wrong: it puts the digits, '+' and '/' first.
        assertThat(byValue.stream().sorted()).containsExactly("AAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAA/", "AAAAAAAAAAAAAAAAA0",
                "AAAAAAAAAAAAAAAAA9", "AAAAAAAAAAAAAAAAAZ", "AAAAAAAAAAAAAAAAAa", "AAAAAAAAAAAAAAAAAz");
    }

    @Test
    void ordersByObjectThenFileThenBlockThenRow() {
        List<RowId> ordered = List.of(
                new RowId(1, 9, 9, 9),
                new RowId(2, 0, 0, 0),
                new RowId(2, 0, 0, 1),
                new RowId(2, 0, 1, 0),
                new RowId(2, 1, 0, 0),
                new RowId(3, 0, 0, 0));
        List<RowId> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(7));

        assertThat(shuffled.stream().sorted()).containsExactlyElementsOf(ordered);
        // A higher data object number wins over anything after it, even '/' (63) against 'A' (0).
        assertThat(RowId.compareText("AAAAAB////////////", "AAAAACAAAAAAAAAAAA")).isNegative();
    }

    @Test
    void comparingTextsAgreesWithComparingRowids() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            RowId a = randomRowId(random);
            RowId b = random.nextInt(4) == 0 ? nearby(a, random) : randomRowId(random);
            assertThat(Integer.signum(RowId.compareText(a.text(), b.text())))
                    .as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(a.compareTo(b)))
                    .isEqualTo(Integer.signum(Comparator.comparingLong(RowId::dataObjectNumber)
                            .thenComparingLong(RowId::relativeFileNumber)
                            .thenComparingLong(RowId::blockNumber)
                            .thenComparingLong(RowId::rowNumber)
                            .compare(a, b)));
        }
    }

    @Test
    void namesTheTextItCannotRead() {
        assertThatThrownBy(() -> RowId.parse("AAAPecAAFAAAABSAA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AAAPecAAFAAAABSAA'")
                .hasMessageContaining("17 characters, not 18");
        assertThatThrownBy(() -> RowId.parse("AAAPecAAF-AAABSAAA"))
                .hasMessageContaining("'AAAPecAAF-AAABSAAA'")
                .hasMessageContaining("character 10 ('-')");
        assertThatThrownBy(() -> RowId.parse("AAAPecAAFAAAABSAA\u00e9"))
                .hasMessageContaining("character 18 ('\u00e9')");
        assertThatThrownBy(() -> RowId.parse("00000DD5.0000.0001"))
                .hasMessageContaining("'00000DD5.0000.0001'")
                .hasMessageContaining("restricted");
        assertThatThrownBy(() -> RowId.parse("*BAMAABoCwQL+"))
                .hasMessageContaining("logical ROWID");
        assertThatThrownBy(() -> RowId.compareText("AAAPecAAFAAAABSAAA", ""))
                .hasMessageContaining("'' is not an Oracle extended ROWID");
        assertThatThrownBy(() -> RowId.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesPartsTheTextCannotHold() {
        assertThatThrownBy(() -> new RowId(-1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data object number -1");
        assertThatThrownBy(() -> new RowId(0, 1 << 18, 0, 0)).hasMessageContaining("relative file number 262144");
        assertThatThrownBy(() -> new RowId(0, 0, 1L << 36, 0)).hasMessageContaining("block number 68719476736");
        assertThatThrownBy(() -> new RowId(0, 0, 0, -5)).hasMessageContaining("row number -5");
    }

    static RowId randomRowId(Random random) {
        return new RowId(random.nextLong(1L << 36), random.nextInt(1 << 18), random.nextLong(1L << 36), random.nextInt(1 << 18));
    }

    /** A ROWID sharing a prefix of parts with {@code rowId}, so comparisons reach the later parts. */
    private static RowId nearby(RowId rowId, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> new RowId(rowId.dataObjectNumber(), rowId.relativeFileNumber(), rowId.blockNumber(), random.nextInt(1 << 18));
            case 1 -> new RowId(rowId.dataObjectNumber(), rowId.relativeFileNumber(), random.nextLong(1L << 36), rowId.rowNumber());
            default -> new RowId(rowId.dataObjectNumber(), random.nextInt(1 << 18), rowId.blockNumber(), rowId.rowNumber());
        };
    }
}
