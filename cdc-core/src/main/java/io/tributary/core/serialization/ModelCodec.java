package io.tributary.core.serialization;

import io.tributary.core.model.Column;
import io.tributary.core.model.ColumnDefault;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import io.tributary.core.model.UnchangedValue;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Binary encoding of the model shared by the event serializer and the checkpoint serializers.
 * Values are self-describing (a tag byte per value), so rows decode without their schema. Tags
 * and layouts are part of the checkpoint format: add new tags, never change existing ones.
 */
public final class ModelCodec {
    private static final byte NULL = 0;
    private static final byte BOOLEAN_FALSE = 1;
    private static final byte BOOLEAN_TRUE = 2;
    private static final byte SHORT = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte FLOAT = 6;
    private static final byte DOUBLE = 7;
    private static final byte DECIMAL = 8;
    private static final byte STRING = 9;
    private static final byte BYTES = 10;
    private static final byte DATE = 11;
    private static final byte TIME = 12;
    private static final byte TIMESTAMP = 13;
    private static final byte TIMESTAMP_TZ = 14;
    private static final byte UUID_TAG = 15;
    private static final byte LIST = 16;
    private static final byte UNCHANGED = 17;
    /** A document: field count, then name and value per field, in order (event layout version 3 on). */
    private static final byte DOCUMENT = 18;

    private ModelCodec() {}

    public static void writeValue(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Integer v) {
            out.writeByte(INT);
            out.writeInt(v);
        } else if (value instanceof Long v) {
            out.writeByte(LONG);
            out.writeLong(v);
        } else if (value instanceof String v) {
            out.writeByte(STRING);
            writeString(out, v);
        } else if (value instanceof BigDecimal v) {
            out.writeByte(DECIMAL);
            out.writeInt(v.scale());
            writeBytes(out, v.unscaledValue().toByteArray());
        } else if (value instanceof Boolean v) {
            out.writeByte(v ? BOOLEAN_TRUE : BOOLEAN_FALSE);
        } else if (value instanceof Short v) {
            out.writeByte(SHORT);
            out.writeShort(v);
        } else if (value instanceof Float v) {
            out.writeByte(FLOAT);
            out.writeFloat(v);
        } else if (value instanceof Double v) {
            out.writeByte(DOUBLE);
            out.writeDouble(v);
        } else if (value instanceof byte[] v) {
            out.writeByte(BYTES);
            writeBytes(out, v);
        } else if (value instanceof LocalDate v) {
            out.writeByte(DATE);
            out.writeLong(v.toEpochDay());
        } else if (value instanceof LocalTime v) {
            out.writeByte(TIME);
            out.writeLong(v.toNanoOfDay());
        } else if (value instanceof LocalDateTime v) {
            out.writeByte(TIMESTAMP);
            out.writeLong(v.toLocalDate().toEpochDay());
            out.writeLong(v.toLocalTime().toNanoOfDay());
        } else if (value instanceof OffsetDateTime v) {
            out.writeByte(TIMESTAMP_TZ);
            out.writeLong(v.toEpochSecond());
            out.writeInt(v.getNano());
        } else if (value instanceof UUID v) {
            out.writeByte(UUID_TAG);
            out.writeLong(v.getMostSignificantBits());
            out.writeLong(v.getLeastSignificantBits());
        } else if (value instanceof List<?> v) {
            out.writeByte(LIST);
            out.writeInt(v.size());
            for (Object element : v) {
                writeValue(out, element);
            }
        } else if (value instanceof Map<?, ?> v) {
            out.writeByte(DOCUMENT);
            out.writeInt(v.size());
            for (Map.Entry<?, ?> field : v.entrySet()) {
                writeString(out, (String) field.getKey());
                writeValue(out, field.getValue());
            }
        } else if (value == UnchangedValue.INSTANCE) {
            out.writeByte(UNCHANGED);
        } else {
            throw new IllegalArgumentException("Cannot serialize value of " + value.getClass().getName());
        }
    }

    public static Object readValue(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case BOOLEAN_FALSE -> Boolean.FALSE;
            case BOOLEAN_TRUE -> Boolean.TRUE;
            case SHORT -> in.readShort();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            case STRING -> readString(in);
            case BYTES -> readBytes(in);
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case TIMESTAMP -> LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
            case TIMESTAMP_TZ -> {
                long seconds = in.readLong();
                int nanos = in.readInt();
                yield OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC);
            }
            case UUID_TAG -> new UUID(in.readLong(), in.readLong());
            case LIST -> {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            case DOCUMENT -> {
                int size = in.readInt();
                Map<String, Object> document = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    String name = readString(in);
                    document.put(name, readValue(in));
                }
                yield Collections.unmodifiableMap(document);
            }
            case UNCHANGED -> UnchangedValue.INSTANCE;
            default -> throw new IOException("Unknown value tag " + tag + "; the data was written by a newer version");
        };
    }

    /** Writes a row; a null row is written as length -1. */
    public static void writeRow(DataOutput out, Object[] row) throws IOException {
        if (row == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(row.length);
        for (Object value : row) {
            writeValue(out, value);
        }
    }

    /** Reads a row written by {@link #writeRow}; null for length -1. */
    public static Object[] readRow(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        Object[] row = new Object[length];
        for (int i = 0; i < length; i++) {
            row[i] = readValue(in);
        }
        return row;
    }

    public static void writeString(DataOutput out, String value) throws IOException {
        writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(DataInput in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    public static void writeOptionalString(DataOutput out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            writeString(out, value.get());
        }
    }

    public static Optional<String> readOptionalString(DataInput in) throws IOException {
        return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    }

    public static void writeTableId(DataOutput out, TableId tableId) throws IOException {
        writeOptionalString(out, tableId.database());
        writeOptionalString(out, tableId.schema());
        writeString(out, tableId.table());
    }

    public static TableId readTableId(DataInput in) throws IOException {
        Optional<String> database = readOptionalString(in);
        Optional<String> schema = readOptionalString(in);
        String table = readString(in);
        if (database.isPresent() && schema.isPresent()) {
            return TableId.of(database.get(), schema.get(), table);
        }
        if (database.isPresent()) {
            return TableId.ofDatabaseTable(database.get(), table);
        }
        if (schema.isPresent()) {
            return TableId.ofSchemaTable(schema.get(), table);
        }
        return TableId.ofTable(table);
    }

    public static void writeDataType(DataOutput out, DataType type) throws IOException {
        out.writeByte(type.kind().code());
        writeOptionalInt(out, type.length());
        writeOptionalInt(out, type.precision());
        writeOptionalInt(out, type.scale());
        out.writeBoolean(type.nullable());
        out.writeBoolean(type.elementType().isPresent());
        if (type.elementType().isPresent()) {
            writeDataType(out, type.elementType().get());
        }
    }

    public static DataType readDataType(DataInput in) throws IOException {
        TypeKind kind = TypeKind.fromCode(in.readByte());
        OptionalInt length = readOptionalInt(in);
        OptionalInt precision = readOptionalInt(in);
        OptionalInt scale = readOptionalInt(in);
        boolean nullable = in.readBoolean();
        Optional<DataType> element = in.readBoolean() ? Optional.of(readDataType(in)) : Optional.empty();
        return new DataType(kind, length, precision, scale, nullable, element);
    }

    /** Writes a schema with its columns' defaults (the layout {@code readSchema(in, true)} reads). */
    public static void writeSchema(DataOutput out, TableSchema schema) throws IOException {
        out.writeInt(schema.columns().size());
        for (Column column : schema.columns()) {
            writeColumn(out, column);
        }
        out.writeInt(schema.primaryKey().size());
        for (String key : schema.primaryKey()) {
            writeString(out, key);
        }
    }

    /**
     * Reads a schema; {@code withDefaults} is false for the layout written before columns had
     * defaults (name and type only).
     */
    public static TableSchema readSchema(DataInput in, boolean withDefaults) throws IOException {
        int columnCount = in.readInt();
        List<Column> columns = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            columns.add(readColumn(in, withDefaults));
        }
        int keyCount = in.readInt();
        List<String> key = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            key.add(readString(in));
        }
        return new TableSchema(columns, key);
    }

    /** Name, type and default of a column. */
    public static void writeColumn(DataOutput out, Column column) throws IOException {
        writeString(out, column.name());
        writeDataType(out, column.type());
        out.writeBoolean(column.defaultValue().isPresent());
        if (column.defaultValue().isPresent()) {
            ColumnDefault defaultValue = column.defaultValue().get();
            writeString(out, defaultValue.expression());
            writeValue(out, defaultValue.value().orElse(null));
        }
    }

    /** Reads a column; without {@code withDefaults}, the name and type of the layout before defaults. */
    public static Column readColumn(DataInput in, boolean withDefaults) throws IOException {
        String name = readString(in);
        DataType type = readDataType(in);
        if (!withDefaults || !in.readBoolean()) {
            return new Column(name, type);
        }
        String expression = readString(in);
        Object value = readValue(in);
        return new Column(name, type, Optional.of(value == null ? ColumnDefault.computed(expression) : ColumnDefault.literal(expression, value)));
    }

    private static void writeOptionalInt(DataOutput out, OptionalInt value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeInt(value.getAsInt());
        }
    }

    private static OptionalInt readOptionalInt(DataInput in) throws IOException {
        return in.readBoolean() ? OptionalInt.of(in.readInt()) : OptionalInt.empty();
    }
}
