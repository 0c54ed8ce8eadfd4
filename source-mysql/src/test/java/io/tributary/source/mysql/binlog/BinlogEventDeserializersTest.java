package io.tributary.source.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Binlog events as the server writes them (a table map, then an insert of a DATE and a
 * DATETIME(0)), decoded to microseconds since the epoch in the proleptic Gregorian calendar.
 */
class BinlogEventDeserializersTest {
    private static final int TABLE_ID = 42;
    private static final byte MYSQL_TYPE_DATE = 10;
    private static final byte MYSQL_TYPE_DATETIME2 = 18;

    @Test
    void datesBeforeTheGregorianReformAreCountedAsJavaTimeCountsThem() throws IOException {
        assertThat(insertedDateAndDatetime(LocalDateTime.of(1000, 1, 1, 0, 0))).containsExactly(micros(LocalDate.of(1000, 1, 1).atStartOfDay()),
                micros(LocalDateTime.of(1000, 1, 1, 0, 0)));
        assertThat(insertedDateAndDatetime(LocalDateTime.of(1582, 10, 10, 12, 30, 15))).containsExactly(
                micros(LocalDate.of(1582, 10, 10).atStartOfDay()), micros(LocalDateTime.of(1582, 10, 10, 12, 30, 15)));
    }

    @Test
    void datesAfterTheReformAndZeroDatesAreDecodedAsBefore() throws IOException {
        assertThat(insertedDateAndDatetime(LocalDateTime.of(2024, 2, 29, 23, 59, 59))).containsExactly(
                micros(LocalDate.of(2024, 2, 29).atStartOfDay()), micros(LocalDateTime.of(2024, 2, 29, 23, 59, 59)));
        assertThat(decodeInsert(0, 0)).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE);
    }

    @Test
    void aDayPastTheMonthsEndCarriesOverAsTheLibraryCountsIt() {
        assertThat(BinlogEventDeserializers.epochMillis(2023, 2, 30, 0, 0, 0, 0))
                .isEqualTo(LocalDate.of(2023, 3, 2).toEpochDay() * 86_400_000L);
    }

    private static List<Serializable> insertedDateAndDatetime(LocalDateTime value) throws IOException {
        int date = value.getYear() * 16 * 32 + value.getMonthValue() * 32 + value.getDayOfMonth();
        long datetime = (1L << 39) | ((long) (value.getYear() * 13 + value.getMonthValue()) << 22) | ((long) value.getDayOfMonth() << 17)
                | ((long) value.getHour() << 12) | ((long) value.getMinute() << 6) | value.getSecond();
        return decodeInsert(date, datetime);
    }

    private static List<Serializable> decodeInsert(int date, long datetime) throws IOException {
        EventDeserializer deserializer = BinlogEventDeserializers.create();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(event(EventType.TABLE_MAP, tableMap()));
        log.writeBytes(event(EventType.WRITE_ROWS, writeRows(date, datetime)));
        ByteArrayInputStream input = new ByteArrayInputStream(log.toByteArray());
        assertThat(deserializer.nextEvent(input).getHeader().getEventType()).isEqualTo(EventType.TABLE_MAP);
        Event insert = deserializer.nextEvent(input);
        WriteRowsEventData data = insert.getData();
        assertThat(data.getRows()).hasSize(1);
        return List.of(data.getRows().get(0));
    }

    private static long micros(LocalDateTime value) {
        return value.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    private static byte[] tableMap() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        littleEndian(body, TABLE_ID, 6);
        littleEndian(body, 0, 2); // flags
        name(body, "app");
        name(body, "typed");
        body.write(2); // columns
        body.write(MYSQL_TYPE_DATE);
        body.write(MYSQL_TYPE_DATETIME2);
        body.write(1); // metadata: DATETIME2's fractional digits
        body.write(0);
        body.write(0b11); // both nullable
        return body.toByteArray();
    }

    private static byte[] writeRows(int date, long datetime) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        littleEndian(body, TABLE_ID, 6);
        littleEndian(body, 0, 2); // flags
        body.write(2); // columns
        body.write(0b11); // both present
        body.write(0); // neither null
        littleEndian(body, date, 3);
        for (int shift = 32; shift >= 0; shift -= 8) {
            body.write((int) (datetime >>> shift)); // DATETIME2 is big-endian
        }
        return body.toByteArray();
    }

    private static byte[] event(EventType type, byte[] body) {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        littleEndian(event, 1_700_000_000, 4); // timestamp
        event.write(type == EventType.TABLE_MAP ? 19 : 23);
        littleEndian(event, 1, 4); // server id
        littleEndian(event, 19 + body.length, 4); // event length, header included
        littleEndian(event, 0, 4); // next position
        littleEndian(event, 0, 2); // flags
        event.writeBytes(body);
        return event.toByteArray();
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
        out.write(0);
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
