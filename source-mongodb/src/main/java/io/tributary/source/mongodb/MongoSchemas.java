package io.tributary.source.mongodb;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.util.List;

/** The table shape of every captured collection: the {@code _id} key column and the whole document. */
public final class MongoSchemas {
    /** The column holding the whole document, {@code _id} included. */
    public static final String DOCUMENT_COLUMN = "document";

    private MongoSchemas() {}

    public static TableSchema schema(IdKind kind) {
        return new TableSchema(List.of(new Column("_id", kind.columnType()), new Column(DOCUMENT_COLUMN, DataType.of(TypeKind.DOCUMENT))),
                List.of("_id"));
    }
}
