package io.tributary.source.postgres.stream;

import io.tributary.core.model.DataType;
import io.tributary.core.model.UnchangedValue;
import io.tributary.source.postgres.catalog.PostgresValueParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of pgoutput's binary messages (network byte order) and decodes tuple data,
 * parsing integers and booleans straight from the message bytes and every other type through
 * {@link PostgresValueParser}.
 */
final class PgOutputBuffer {
    private PgOutputBuffer() {}

    /** A NUL-terminated string. */
    static String readString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        String value;
        if (buffer.hasArray()) {
            value = new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[end - start];
            buffer.get(start, bytes);
            value = new String(bytes, StandardCharsets.UTF_8);
        }
        buffer.position(end + 1);
        return value;
    }

    /**
     * Decodes a TupleData into values in tuple order: null for {@code n}, {@link UnchangedValue}
     * for an unchanged TOAST value {@code u}, the parsed value for text {@code t}.
     *
     * @param types the model type of each column
     * @param names column names, for errors
     */
    static Object[] readTuple(ByteBuffer buffer, DataType[] types, String[] names) {
        int count = buffer.getShort() & 0xffff;
        if (count != types.length) {
            throw new IllegalStateException("tuple has " + count + " columns, the relation " + types.length);
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            byte kind = buffer.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> values[i] = UnchangedValue.INSTANCE;
                case 't' -> {
                    int length = buffer.getInt();
                    values[i] = readText(buffer, length, types[i], names[i]);
                }
                default -> throw new IllegalStateException("unexpected tuple value kind '" + (char) kind + "' for column " + names[i]);
            }
        }
        return values;
    }

    /** Skips a TupleData without decoding it. */
    static void skipTuple(ByteBuffer buffer) {
        int count = buffer.getShort() & 0xffff;
        for (int i = 0; i < count; i++) {
            byte kind = buffer.get();
            if (kind == 't' || kind == 'b') {
                int length = buffer.getInt();
                buffer.position(buffer.position() + length);
            }
        }
    }

    private static Object readText(ByteBuffer buffer, int length, DataType type, String name) {
        int start = buffer.position();
        buffer.position(start + length);
        try {
            switch (type.kind()) {
                case SMALLINT:
                    return (short) parseLong(buffer, start, length);
                case INTEGER:
                    return (int) parseLong(buffer, start, length);
                case BIGINT:
                    return parseLong(buffer, start, length);
                case BOOLEAN:
                    if (length == 1) {
                        return buffer.get(start) == 't';
                    }
                    break;
                default:
                    break;
            }
            return PostgresValueParser.parse(type, text(buffer, start, length));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + name + " (" + type + "): " + e.getMessage(), e);
        }
    }

    private static String text(ByteBuffer buffer, int start, int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + start, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A decimal integer in ASCII, as PostgreSQL writes int2, int4 and int8. */
    private static long parseLong(ByteBuffer buffer, int start, int length) {
        if (length == 0) {
            throw new NumberFormatException("empty integer");
        }
        int i = start;
        int end = start + length;
        boolean negative = buffer.get(i) == '-';
        if (negative) {
            i++;
        }
        if (i == end || end - i > 19) {
            return Long.parseLong(text(buffer, start, length));
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = buffer.get(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("not an integer: " + text(buffer, start, length));
            }
            value = value * 10 - digit;
            if (value > 0) {
                // Overflow past Long.MIN_VALUE: let Long.parseLong report it.
                return Long.parseLong(text(buffer, start, length));
            }
        }
        return negative ? value : Math.negateExact(value);
    }
}
