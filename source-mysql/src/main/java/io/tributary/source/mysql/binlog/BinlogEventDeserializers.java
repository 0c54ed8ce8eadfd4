package io.tributary.source.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The binlog client's event deserializer: temporal values as microseconds since the epoch in UTC
 * (zero dates as {@code Long.MIN_VALUE}), text and binary as bytes, and dates counted in the
 * proleptic Gregorian calendar, as MySQL and java.time count them.
 *
 * <p>The library turns a date before the Gregorian reform (1582-10-15) into epoch time through
 * {@code java.util.Calendar}, i.e. as a Julian date: '1000-01-01' would arrive as 1000-01-06. Its
 * row deserializers are therefore replaced by ones that count such dates as java.time does.
 */
final class BinlogEventDeserializers {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private BinlogEventDeserializers() {
    }

    /** A new deserializer, for one client (it remembers that client's table maps). */
    static EventDeserializer create() {
        // The library's defaults for every other event type; the row deserializers must share the
        // table maps the new deserializer records, so they are made for it.
        EventDeserializer defaults = new EventDeserializer();
        Map<EventType, EventDataDeserializer> byType = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            byType.put(type, defaults.getEventDataDeserializer(type));
        }
        Map<Long, TableMapEventData> tableMaps = new HashMap<>();
        byType.put(EventType.WRITE_ROWS, new WriteRows(tableMaps));
        byType.put(EventType.EXT_WRITE_ROWS, new WriteRows(tableMaps).setMayContainExtraInformation(true));
        byType.put(EventType.UPDATE_ROWS, new UpdateRows(tableMaps));
        byType.put(EventType.EXT_UPDATE_ROWS, new UpdateRows(tableMaps).setMayContainExtraInformation(true));
        byType.put(EventType.DELETE_ROWS, new DeleteRows(tableMaps));
        byType.put(EventType.EXT_DELETE_ROWS, new DeleteRows(tableMaps).setMayContainExtraInformation(true));

        EventDeserializer deserializer = new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), byType, tableMaps);
        deserializer.setCompatibilityMode(CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO, CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
                CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        return deserializer;
    }

    /**
     * Milliseconds since 1970-01-01T00:00Z of a date and time in the proleptic Gregorian calendar.
     * A day past the month's end (an invalid date the server kept) carries into the next month,
     * as the library counts it after the reform.
     */
    static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis) {
        long days = LocalDate.of(year, month, 1).toEpochDay() + day - 1;
        return days * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L + millis;
    }

    /** Whether {@link #epochMillis} counts this date; zero parts and impossible months stay the library's (invalid dates). */
    private static boolean countable(int year, int month, int day) {
        return year > 0 && month >= 1 && month <= 12 && day > 0;
    }

    private static final class WriteRows extends WriteRowsEventDataDeserializer {
        WriteRows(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Long asUnixTime(int year, int month, int day, int hour, int minute, int second, int millis) {
            return countable(year, month, day) ? epochMillis(year, month, day, hour, minute, second, millis)
                    : super.asUnixTime(year, month, day, hour, minute, second, millis);
        }
    }

    private static final class UpdateRows extends UpdateRowsEventDataDeserializer {
        UpdateRows(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Long asUnixTime(int year, int month, int day, int hour, int minute, int second, int millis) {
            return countable(year, month, day) ? epochMillis(year, month, day, hour, minute, second, millis)
                    : super.asUnixTime(year, month, day, hour, minute, second, millis);
        }
    }

    private static final class DeleteRows extends DeleteRowsEventDataDeserializer {
        DeleteRows(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Long asUnixTime(int year, int month, int day, int hour, int minute, int second, int millis) {
            return countable(year, month, day) ? epochMillis(year, month, day, hour, minute, second, millis)
                    : super.asUnixTime(year, month, day, hour, minute, second, millis);
        }
    }
}
