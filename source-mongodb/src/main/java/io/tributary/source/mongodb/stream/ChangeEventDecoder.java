package io.tributary.source.mongodb.stream;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.tributary.core.model.DataChangeEvent;
import io.tributary.core.model.Event;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.SourcePosition;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.mongodb.BsonValues;
import io.tributary.source.mongodb.ChangeStreamPosition;
import io.tributary.source.mongodb.DocumentRows;
import io.tributary.source.mongodb.IdKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns change-stream events of captured collections into change events: inserts, updates and
 * replaces (the whole document after the change; the one before with pre-images), deletes, and
 * drops, renames and database drops as the captured collections' {@link SchemaChange.DropTable}.
 * Rows are {@code [_id, document]}, or flattened ({@link DocumentRows}), when a document with a
 * field the table lacks or cannot hold comes before its change as {@code AddColumn} or
 * {@code AlterColumnType}. An update whose document is gone by the time it was looked up yields
 * nothing: its delete follows in the stream.
 */
public final class ChangeEventDecoder {
    /** Each captured collection's schema as of the last event decoded (flattened ones gain columns). */
    private final Map<TableId, TableSchema> schemas;
    /** The collection a collection-level stream watches, for events that name no namespace. */
    private final Optional<TableId> watchedCollection;
    private final DocumentRows rows;

    public ChangeEventDecoder(Map<TableId, TableSchema> schemas, Optional<TableId> watchedCollection, DocumentRows rows) {
        this.schemas = new HashMap<>(requireNonNull(schemas, "schemas is null"));
        this.watchedCollection = requireNonNull(watchedCollection, "watchedCollection is null");
        this.rows = requireNonNull(rows, "rows is null");
    }

    /** The collection an event is about, if captured. */
    public Optional<TableId> collectionOf(ChangeStreamDocument<BsonDocument> event) {
        BsonDocument ns = event.getNamespaceDocument();
        Optional<TableId> id = ns != null && ns.isString("db") && ns.isString("coll")
                ? Optional.of(TableId.ofDatabaseTable(ns.getString("db").getValue(), ns.getString("coll").getValue()))
                : watchedCollection;
        return id.filter(schemas::containsKey);
    }

    /** The column value of an event's {@code _id}, for the snapshot coverage; empty for events without a document key. */
    public Optional<Object> idColumn(TableId collection, ChangeStreamDocument<BsonDocument> event) {
        BsonDocument key = event.getDocumentKey();
        if (key == null || !key.containsKey("_id")) {
            return Optional.empty();
        }
        return Optional.of(kind(collection).toColumn(key.get("_id"), collection));
    }

    /** The events an oplog change stands for (none, one, or a drop per collection of a dropped database). */
    public List<Event> decode(ChangeStreamDocument<BsonDocument> event, ChangeStreamPosition position) {
        String operation = event.getOperationTypeString();
        if ("dropDatabase".equals(operation)) {
            return dropsOfDatabase(event);
        }
        Optional<TableId> collection = collectionOf(event);
        if (collection.isEmpty()) {
            return List.of();
        }
        TableId id = collection.get();
        long millis = event.getWallTime() != null ? event.getWallTime().getValue() : position.instant().toEpochMilli();
        return switch (operation == null ? "" : operation) {
            case "insert" -> insert(id, event, millis, position);
            case "update", "replace" -> update(id, event, millis, position);
            case "delete" -> delete(id, event, millis, position);
            case "drop", "rename" -> List.of(new SchemaChangeEvent(id, new SchemaChange.DropTable(), schemas.get(id)));
            default -> List.of(); // create, createIndexes, modify, invalidate (handled by the reader), …
        };
    }

    private List<Event> insert(TableId id, ChangeStreamDocument<BsonDocument> event, long millis, ChangeStreamPosition position) {
        List<Event> events = new ArrayList<>(evolve(id, event.getFullDocument()));
        events.add(withSource(DataChangeEvent.insert(id, row(id, event.getFullDocument()), millis), id, position));
        return events;
    }

    private List<Event> update(TableId id, ChangeStreamDocument<BsonDocument> event, long millis, ChangeStreamPosition position) {
        BsonDocument after = event.getFullDocument();
        if (after == null || !after.containsKey("_id")) {
            return List.of(); // deleted since (updateLookup found nothing); its delete comes next
        }
        BsonDocument beforeDocument = event.getFullDocumentBeforeChange();
        List<Event> events = new ArrayList<>();
        if (beforeDocument != null) {
            events.addAll(evolve(id, beforeDocument));
        }
        events.addAll(evolve(id, after));
        Optional<Object[]> before = Optional.ofNullable(beforeDocument).map(document -> row(id, document));
        events.add(withSource(DataChangeEvent.update(id, before, row(id, after), millis), id, position));
        return events;
    }

    /** The schema changes a flattened table needs before {@code document} fits it, applied to the schema kept here. */
    private List<SchemaChangeEvent> evolve(TableId id, BsonDocument document) {
        List<SchemaChangeEvent> changes = rows.evolve(id, schemas.get(id), document);
        if (!changes.isEmpty()) {
            schemas.put(id, changes.get(changes.size() - 1).schemaAfter());
        }
        return changes;
    }

    private Object[] row(TableId id, BsonDocument document) {
        return rows.row(id, schemas.get(id), document);
    }

    /** A delete: the document before it with pre-images, else only its {@code _id}. */
    private List<Event> delete(TableId id, ChangeStreamDocument<BsonDocument> event, long millis, ChangeStreamPosition position) {
        BsonDocument before = event.getFullDocumentBeforeChange();
        List<Event> events = new ArrayList<>();
        Object[] row;
        if (before != null && before.containsKey("_id")) {
            events.addAll(evolve(id, before));
            row = row(id, before);
        } else {
            row = rows.keyOnlyRow(id, schemas.get(id), event.getDocumentKey().get("_id"));
        }
        events.add(withSource(DataChangeEvent.delete(id, row, millis), id, position));
        return events;
    }

    private List<Event> dropsOfDatabase(ChangeStreamDocument<BsonDocument> event) {
        String database = event.getDatabaseName();
        List<Event> drops = new ArrayList<>();
        schemas.forEach((id, schema) -> {
            if (id.database().orElse("").equals(database)) {
                drops.add(new SchemaChangeEvent(id, new SchemaChange.DropTable(), schema));
            }
        });
        return drops;
    }

    private IdKind kind(TableId id) {
        return IdKind.ofColumn(schemas.get(id).columns().get(0).type());
    }

    private static Event withSource(DataChangeEvent event, TableId id, ChangeStreamPosition position) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("db", id.database().orElse(""));
        fields.put("collection", id.table());
        fields.put("ts_ms", position.instant().toEpochMilli());
        fields.put("ord", (long) position.clusterTime().getInc());
        position.resumeToken().ifPresent(token -> fields.put("resume_token", token.getString("_data").getValue()));
        return event.withSourcePosition(Optional.of(SourcePosition.ofLog(fields)));
    }
}
