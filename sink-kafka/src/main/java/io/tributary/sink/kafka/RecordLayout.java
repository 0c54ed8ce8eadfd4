package io.tributary.sink.kafka;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.TableId;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * What a change record carries besides its value's format, with Flink CDC's Kafka sink options:
 * the key's format ({@code key.format}), table-id headers ({@code sink.add-tableId-to-header-enabled}),
 * fixed headers ({@code sink.custom-header}) and Debezium's {@code schema}/{@code payload} wrapper
 * ({@code debezium-json.include-schema.enabled}).
 */
public record RecordLayout(KeyFormat keyFormat, boolean tableIdHeaders, Map<String, String> customHeaders, boolean includeSchema)
        implements Serializable {
    static final String NAMESPACE_HEADER = "namespace";
    static final String SCHEMA_NAME_HEADER = "schemaName";
    static final String TABLE_NAME_HEADER = "tableName";

    public RecordLayout {
        requireNonNull(keyFormat, "keyFormat is null");
        customHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(customHeaders, "customHeaders is null")));
    }

    /** Flink CDC's defaults: JSON keys, no headers, no schema wrapper. */
    public static RecordLayout defaults() {
        return new RecordLayout(KeyFormat.JSON, false, Map.of(), false);
    }

    /**
     * The headers of a change record of {@code table} (the sink table id). As Flink CDC names the
     * parts: a two-part id {@code db.table} has an empty {@code namespace} and {@code db} as
     * {@code schemaName}; a three-part id {@code db.schema.table} has {@code db} as {@code namespace}.
     */
    Header[] headers(TableId table) {
        List<Header> headers = new ArrayList<>();
        if (tableIdHeaders) {
            boolean threeParts = table.schema().isPresent();
            String namespace = threeParts ? table.database().orElse("") : "";
            String schemaName = threeParts ? table.schema().get() : table.database().orElse("");
            headers.add(header(NAMESPACE_HEADER, namespace));
            headers.add(header(SCHEMA_NAME_HEADER, schemaName));
            headers.add(header(TABLE_NAME_HEADER, table.table()));
        }
        customHeaders.forEach((key, value) -> headers.add(header(key, value)));
        return headers.toArray(Header[]::new);
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@code sink.custom-header}: {@code key1:value1,key2:value2}. */
    static Map<String, String> parseCustomHeaders(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not key:value");
            }
            headers.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return headers;
    }
}
