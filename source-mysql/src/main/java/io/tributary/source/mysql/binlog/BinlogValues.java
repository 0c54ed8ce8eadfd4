package io.tributary.source.mysql.binlog;

import static java.util.Objects.requireNonNull;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.source.mysql.catalog.BinlogColumn;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns one table's binlog row images into rows of the model, with the same Java values the
 * snapshot reads for the same data: unsigned integers widened, text decoded in the column's
 * character set, ENUM/SET indexes turned into their values, MySQL's binary JSON into text, and
 * temporal values (decoded as microseconds since the epoch in UTC) into java.time values; zero
 * dates become null.
 */
final class BinlogValues {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final TableId tableId;
    private final TableSchema schema;
    private final Function<Serializable, Object>[] converters;

    @SuppressWarnings("unchecked")
    BinlogValues(TableId tableId, TableSchema schema, List<BinlogColumn> serverColumns, ServerFlavor flavor) {
        this.tableId = requireNonNull(tableId, "tableId is null");
        this.schema = requireNonNull(schema, "schema is null");
        Map<String, BinlogColumn> byName = serverColumns.stream().collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), c -> c, (a, b) -> a));
        List<Column> columns = schema.columns();
        this.converters = new Function[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            converters[i] = converter(column, Optional.ofNullable(byName.get(column.name().toLowerCase(Locale.ROOT))), flavor);
        }
    }

    TableSchema schema() {
        return schema;
    }

    /** The row image as a model row; fails when the image does not have the schema's columns. */
    Object[] row(Serializable[] image) {
        if (image.length != converters.length) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "A binlog row of " + tableId + " has " + image.length + " columns but its "
                    + "known schema has " + converters.length + " (" + schema.columnNames() + "). The table was changed by a statement the "
                    + "reader did not see as DDL. Start the pipeline again with a new snapshot: delete its state directory and run it with "
                    + "scan.startup.mode: initial.");
        }
        Object[] row = new Object[image.length];
        for (int i = 0; i < image.length; i++) {
            row[i] = image[i] == null ? null : converters[i].apply(image[i]);
        }
        return row;
    }

    private static Function<Serializable, Object> converter(Column column, Optional<BinlogColumn> server, ServerFlavor flavor) {
        String dataType = server.map(BinlogColumn::dataType).orElse("");
        boolean unsigned = server.map(BinlogColumn::unsigned).orElse(false);
        Charset charset = charset(server.flatMap(BinlogColumn::charset));
        TypeKind kind = column.type().kind();
        return switch (kind) {
            case BOOLEAN -> value -> value instanceof BitSet bits ? bits.get(0) : ((Number) value).intValue() != 0;
            case SMALLINT -> value -> (short) (unsigned ? ((Number) value).intValue() & 0xFF : ((Number) value).intValue());
            case INTEGER -> integer(dataType, unsigned);
            case BIGINT -> value -> unsigned ? ((Number) value).longValue() & 0xFFFFFFFFL : ((Number) value).longValue();
            case DECIMAL -> value -> value instanceof BigDecimal decimal ? decimal
                    : new BigDecimal(new BigInteger(Long.toUnsignedString(((Number) value).longValue())));
            case FLOAT -> value -> ((Number) value).floatValue();
            case DOUBLE -> value -> ((Number) value).doubleValue();
            case CHAR, VARCHAR, TEXT -> text(dataType, server, charset);
            case JSON -> value -> json(value, flavor);
            case BYTES -> bytes(column, dataType);
            case DATE -> value -> micros(value) == null ? null : LocalDate.ofEpochDay(Math.floorDiv(micros(value), MICROS_PER_DAY));
            case TIME -> value -> micros(value) == null ? null : LocalTime.ofNanoOfDay(Math.floorMod(micros(value), MICROS_PER_DAY) * 1000);
            case TIMESTAMP -> value -> micros(value) == null ? null : LocalDateTime.ofInstant(instant(micros(value)), ZoneOffset.UTC);
            case TIMESTAMP_TZ -> value -> micros(value) == null ? null : instant(micros(value)).atOffset(ZoneOffset.UTC);
            default -> throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Column " + column.name() + " has type kind " + kind
                    + ", which the mysql binlog reader does not decode");
        };
    }

    private static Function<Serializable, Object> integer(String dataType, boolean unsigned) {
        return switch (dataType) {
            case "smallint" -> value -> unsigned ? ((Number) value).intValue() & 0xFFFF : ((Number) value).intValue();
            case "mediumint" -> value -> unsigned ? ((Number) value).intValue() & 0xFFFFFF : ((Number) value).intValue();
            default -> value -> ((Number) value).intValue(); // int, and YEAR (decoded as the year itself)
        };
    }

    private static Function<Serializable, Object> text(String dataType, Optional<BinlogColumn> server, Charset charset) {
        if (dataType.equals("enum")) {
            String[] members = server.orElseThrow().members();
            return value -> {
                int index = ((Number) value).intValue();
                return index == 0 || index > members.length ? "" : members[index - 1];
            };
        }
        if (dataType.equals("set")) {
            String[] members = server.orElseThrow().members();
            return value -> {
                long bits = ((Number) value).longValue();
                StringJoiner joined = new StringJoiner(",");
                for (int i = 0; i < members.length; i++) {
                    if ((bits & (1L << i)) != 0) {
                        joined.add(members[i]);
                    }
                }
                return joined.toString();
            };
        }
        return value -> value instanceof byte[] bytes ? new String(bytes, charset) : value.toString();
    }

    private static Object json(Serializable value, ServerFlavor flavor) {
        byte[] bytes = (byte[]) value;
        if (flavor == ServerFlavor.MARIADB) {
            return new String(bytes, StandardCharsets.UTF_8); // MariaDB's JSON is LONGTEXT
        }
        try {
            return bytes.length == 0 ? "null" : JsonBinary.parseAsString(bytes);
        } catch (IOException e) {
            throw new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not decode a binary JSON value from the binlog: " + e.getMessage(), e);
        }
    }

    private static Function<Serializable, Object> bytes(Column column, String dataType) {
        int length = column.type().length().orElse(0);
        if (dataType.equals("bit")) {
            return value -> {
                byte[] bigEndian = new byte[length];
                byte[] littleEndian = ((BitSet) value).toByteArray();
                for (int i = 0; i < littleEndian.length && i < length; i++) {
                    bigEndian[length - 1 - i] = littleEndian[i];
                }
                return bigEndian;
            };
        }
        if (dataType.equals("binary")) {
            // The binlog drops a BINARY(n) value's trailing zero bytes; the column always holds n bytes.
            return value -> ((byte[]) value).length >= length ? value : java.util.Arrays.copyOf((byte[]) value, length);
        }
        return value -> value instanceof byte[] ? value : value.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Microseconds since the epoch in UTC, or null for a zero or invalid date. */
    private static Long micros(Serializable value) {
        long micros = ((Number) value).longValue();
        return micros == Long.MIN_VALUE ? null : micros;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static Charset charset(Optional<String> mysqlCharset) {
        String name = mysqlCharset.orElse("utf8mb4").toLowerCase(Locale.ROOT);
        return switch (name) {
            case "utf8mb4", "utf8", "utf8mb3" -> StandardCharsets.UTF_8;
            case "latin1" -> Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            case "binary" -> StandardCharsets.ISO_8859_1;
            case "ucs2", "utf16" -> StandardCharsets.UTF_16BE;
            case "utf16le" -> StandardCharsets.UTF_16LE;
            case "utf32" -> Charset.forName("UTF-32");
            case "cp1250", "cp1251", "cp1256", "cp1257" -> Charset.forName("windows-" + name.substring(2));
            case "sjis" -> Charset.forName("Shift_JIS");
            case "gbk", "big5", "euckr", "gb2312", "gb18030" -> Charset.forName(name.equals("euckr") ? "EUC-KR" : name);
            default -> Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        };
    }
}
