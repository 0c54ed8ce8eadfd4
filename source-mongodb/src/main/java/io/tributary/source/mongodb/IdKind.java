package io.tributary.source.mongodb;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TypeKind;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.ObjectId;

/**
 * How a collection's {@code _id} is carried in the {@code _id} key column, chosen at discovery
 * from the types its documents' ids have: ids all of one common type keep a plain column type
 * (integers, text, ObjectIds as their 24 hex digits); ids of mixed or other types are carried as
 * their relaxed Extended JSON text ({@code 7}, {@code "a"}, {@code {"$oid": "…"}}), which tells
 * every type apart. The kind follows from the column's type, so checkpoints need not store it.
 */
public enum IdKind {
    INT32(DataType.of(TypeKind.INTEGER)),
    INT64(DataType.of(TypeKind.BIGINT)),
    STRING(DataType.of(TypeKind.TEXT)),
    OBJECT_ID(DataType.withLength(TypeKind.CHAR, 24)),
    EXTENDED_JSON(DataType.of(TypeKind.JSON));

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final String WRAPPER_PREFIX = "{\"v\": ";

    private final DataType columnType;

    IdKind(DataType columnType) {
        this.columnType = columnType.notNull();
    }

    public DataType columnType() {
        return columnType;
    }

    /** The kind for ids of these types (an empty collection's ids are carried as Extended JSON, as any type may come). */
    public static IdKind forTypes(Set<BsonType> types) {
        if (types.equals(Set.of(BsonType.INT32))) {
            return INT32;
        }
        if (!types.isEmpty() && Set.of(BsonType.INT32, BsonType.INT64).containsAll(types)) {
            return INT64;
        }
        if (types.equals(Set.of(BsonType.STRING))) {
            return STRING;
        }
        if (types.equals(Set.of(BsonType.OBJECT_ID))) {
            return OBJECT_ID;
        }
        return EXTENDED_JSON;
    }

    /** The kind whose column type this is. */
    public static IdKind ofColumn(DataType type) {
        for (IdKind kind : values()) {
            if (kind.columnType.kind() == type.kind()) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not an _id column type: " + type);
    }

    /** The column value of an id; fails, saying what to do, for an id of a type this collection's column cannot hold. */
    public Object toColumn(BsonValue id, TableId collection) {
        switch (this) {
            case INT32:
                if (id.isInt32()) {
                    return id.asInt32().getValue();
                }
                break;
            case INT64:
                if (id.isInt32() || id.isInt64()) {
                    return id.asNumber().longValue();
                }
                break;
            case STRING:
                if (id.isString()) {
                    return id.asString().getValue();
                }
                break;
            case OBJECT_ID:
                if (id.isObjectId()) {
                    return id.asObjectId().getValue().toHexString();
                }
                break;
            case EXTENDED_JSON:
                return extendedJson(id);
        }
        throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "Collection " + collection + " has a document whose _id " + extendedJson(id)
                + " is of type " + id.getBsonType() + ", but its _id column was typed " + columnType + " when the pipeline started (all ids "
                + "seen then were " + this + "). Start the pipeline again with a new snapshot (delete its state directory): an empty "
                + "collection or one with ids of mixed types gets an _id column holding each id's Extended JSON.");
    }

    /** The id a column value stands for. */
    public BsonValue toBson(Object column) {
        return switch (this) {
            case INT32 -> new BsonInt32((Integer) column);
            case INT64 -> new BsonInt64((Long) column);
            case STRING -> new BsonString((String) column);
            case OBJECT_ID -> new BsonObjectId(new ObjectId((String) column));
            case EXTENDED_JSON -> BsonDocument.parse(WRAPPER_PREFIX + column + "}").get("v");
        };
    }

    /** The relaxed Extended JSON text of one value. */
    public static String extendedJson(BsonValue value) {
        String wrapped = new BsonDocument("v", value).toJson(RELAXED);
        return wrapped.substring(WRAPPER_PREFIX.length(), wrapped.length() - 1);
    }
}
