package io.tributary.core.serialization;

import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.Operation;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes events between Flink operators without Kryo: a tag byte, the table id, then the
 * row images (and, from version 2 of row changes, the source position; from version 3, values may
 * be documents) or the schema change (from version 2 of schema changes, with column defaults).
 * The tag of a row change names its layout version; older versions stay readable. Events are immutable, so copies are the events themselves.
 */
public final class EventSerializer extends TypeSerializer<Event> {
    private static final long serialVersionUID = 1L;

    public static final EventSerializer INSTANCE = new EventSerializer();

    /** Layout version of the row changes this serializer writes. */
    static final int DATA_CHANGE_VERSION = 3;
    /** Version 1 of a row change: table, operation, timestamp, rows. Still read. */
    private static final byte DATA_CHANGE_V1 = 1;
    /** Version 2: version 1 followed by the optional source position. */
    private static final byte DATA_CHANGE_V2 = 3;
    /** Version 3: the layout of version 2; row values may be documents, which versions 1 and 2 had no tag for. */
    private static final byte DATA_CHANGE_V3 = 4;
    /** Version 1 of a schema change: table, change, schema after it; columns without defaults. Still read. */
    private static final byte SCHEMA_CHANGE = 2;
    /** Version 2 of a schema change: columns carry their defaults; a truncate says whether it precedes a snapshot. */
    private static final byte SCHEMA_CHANGE_V2 = 5;
    /** Layout version of the schema changes this serializer writes. */
    static final int SCHEMA_CHANGE_VERSION = 2;

    private static final byte CREATE_TABLE = 1;
    private static final byte ADD_COLUMN = 2;
    private static final byte DROP_COLUMN = 3;
    private static final byte RENAME_COLUMN = 4;
    private static final byte ALTER_COLUMN_TYPE = 5;
    private static final byte TRUNCATE_TABLE = 6;
    private static final byte DROP_TABLE = 7;
    /** Emptying before a snapshot (version 2 on). */
    private static final byte TRUNCATE_BEFORE_SNAPSHOT = 8;

    private static final byte POSITION_LONG = 1;
    private static final byte POSITION_STRING = 2;

    @Override
    public void serialize(Event event, DataOutputView out) throws IOException {
        if (event instanceof DataChangeEvent change) {
            out.writeByte(DATA_CHANGE_V3);
            ModelCodec.writeTableId(out, change.tableId());
            out.writeChar(change.operation().code());
            out.writeLong(change.sourceTimestampMillis());
            ModelCodec.writeRow(out, change.before().orElse(null));
            ModelCodec.writeRow(out, change.after().orElse(null));
            writeSourcePosition(out, change.sourcePosition());
        } else if (event instanceof SchemaChangeEvent change) {
            out.writeByte(SCHEMA_CHANGE_V2);
            ModelCodec.writeTableId(out, change.tableId());
            writeSchemaChange(out, change.change());
            ModelCodec.writeSchema(out, change.schemaAfter());
        } else {
            throw new IllegalArgumentException("Unknown event type " + event.getClass().getName());
        }
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case DATA_CHANGE_V1:
                return readDataChange(in);
            case DATA_CHANGE_V2:
            case DATA_CHANGE_V3:
                return readDataChange(in).withSourcePosition(readSourcePosition(in));
            case SCHEMA_CHANGE:
            case SCHEMA_CHANGE_V2: {
                boolean withDefaults = tag == SCHEMA_CHANGE_V2;
                TableId tableId = ModelCodec.readTableId(in);
                SchemaChange change = readSchemaChange(in, withDefaults);
                return new SchemaChangeEvent(tableId, change, ModelCodec.readSchema(in, withDefaults));
            }
            default:
                throw TributaryException.unknownStateVersion("a change event", tag);
        }
    }

    private static DataChangeEvent readDataChange(DataInputView in) throws IOException {
        TableId tableId = ModelCodec.readTableId(in);
        Operation operation = Operation.fromCode(in.readChar());
        long timestamp = in.readLong();
        Object[] before = ModelCodec.readRow(in);
        Object[] after = ModelCodec.readRow(in);
        return DataChangeEvent.of(tableId, operation, Optional.ofNullable(before), Optional.ofNullable(after), timestamp);
    }

    private static void writeSourcePosition(DataOutputView out, Optional<SourcePosition> position) throws IOException {
        out.writeBoolean(position.isPresent());
        if (position.isEmpty()) {
            return;
        }
        out.writeBoolean(position.get().snapshot());
        out.writeInt(position.get().fields().size());
        for (Map.Entry<String, Object> field : position.get().fields().entrySet()) {
            ModelCodec.writeString(out, field.getKey());
            if (field.getValue() instanceof Long number) {
                out.writeByte(POSITION_LONG);
                out.writeLong(number);
            } else {
                out.writeByte(POSITION_STRING);
                ModelCodec.writeString(out, (String) field.getValue());
            }
        }
    }

    private static Optional<SourcePosition> readSourcePosition(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return Optional.empty();
        }
        boolean snapshot = in.readBoolean();
        int count = in.readInt();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = ModelCodec.readString(in);
            byte kind = in.readByte();
            fields.put(name, switch (kind) {
                case POSITION_LONG -> in.readLong();
                case POSITION_STRING -> ModelCodec.readString(in);
                default -> throw new IOException("Unknown source position field kind " + kind);
            });
        }
        return Optional.of(new SourcePosition(snapshot, fields));
    }

    private static void writeSchemaChange(DataOutputView out, SchemaChange change) throws IOException {
        if (change instanceof SchemaChange.CreateTable) {
            out.writeByte(CREATE_TABLE);
        } else if (change instanceof SchemaChange.AddColumn add) {
            out.writeByte(ADD_COLUMN);
            ModelCodec.writeColumn(out, add.column());
            ModelCodec.writeOptionalString(out, add.afterColumn());
        } else if (change instanceof SchemaChange.DropColumn drop) {
            out.writeByte(DROP_COLUMN);
            ModelCodec.writeString(out, drop.columnName());
        } else if (change instanceof SchemaChange.RenameColumn rename) {
            out.writeByte(RENAME_COLUMN);
            ModelCodec.writeString(out, rename.oldName());
            ModelCodec.writeString(out, rename.newName());
        } else if (change instanceof SchemaChange.AlterColumnType alter) {
            out.writeByte(ALTER_COLUMN_TYPE);
            ModelCodec.writeString(out, alter.columnName());
            ModelCodec.writeDataType(out, alter.newType());
        } else if (change instanceof SchemaChange.TruncateTable truncate) {
            out.writeByte(truncate.beforeSnapshot() ? TRUNCATE_BEFORE_SNAPSHOT : TRUNCATE_TABLE);
        } else if (change instanceof SchemaChange.DropTable) {
            out.writeByte(DROP_TABLE);
        } else {
            throw new IllegalArgumentException("Unknown schema change " + change);
        }
    }

    private static SchemaChange readSchemaChange(DataInputView in, boolean withDefaults) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case CREATE_TABLE -> new SchemaChange.CreateTable();
            case ADD_COLUMN -> {
                Column column = ModelCodec.readColumn(in, withDefaults);
                yield new SchemaChange.AddColumn(column, ModelCodec.readOptionalString(in));
            }
            case DROP_COLUMN -> new SchemaChange.DropColumn(ModelCodec.readString(in));
            case RENAME_COLUMN -> new SchemaChange.RenameColumn(ModelCodec.readString(in), ModelCodec.readString(in));
            case ALTER_COLUMN_TYPE -> new SchemaChange.AlterColumnType(ModelCodec.readString(in), ModelCodec.readDataType(in));
            case TRUNCATE_TABLE -> new SchemaChange.TruncateTable();
            case DROP_TABLE -> new SchemaChange.DropTable();
            case TRUNCATE_BEFORE_SNAPSHOT -> new SchemaChange.TruncateTable(true);
            default -> throw new IOException("Unknown schema change tag " + tag);
        };
    }

    @Override
    public Event deserialize(Event reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Event> duplicate() {
        return this;
    }

    @Override
    public Event createInstance() {
        return null;
    }

    @Override
    public Event copy(Event from) {
        return from;
    }

    @Override
    public Event copy(Event from, Event reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EventSerializer;
    }

    @Override
    public int hashCode() {
        return EventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for state compatibility checks. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
