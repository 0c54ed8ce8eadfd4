package io.tributary.sink.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.core.model.DataType;
import io.tributary.core.model.DocumentJson;
import io.tributary.core.model.TypeKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes an array value as JSON text, for targets without native arrays. Numbers stay numbers
 * (NaN and infinities become strings), decimals are written without an exponent, bytes become
 * base64 strings, date-times ISO-8601 strings (with a time zone: in UTC), JSON elements are
 * embedded as they are.
 */
final class JsonArrayWriter {
    private static final JsonFactory JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build()
            .getFactory();

    private JsonArrayWriter() {}

    static String of(List<?> values, DataType elementType) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            writeArray(generator, values, elementType);
        } catch (IOException e) {
            // A StringWriter does not fail; Jackson declares it for every target.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeArray(JsonGenerator generator, List<?> values, DataType elementType) throws IOException {
        generator.writeStartArray();
        for (Object value : values) {
            writeValue(generator, value, elementType);
        }
        generator.writeEndArray();
    }

    private static void writeValue(JsonGenerator generator, Object value, DataType type) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (type.kind() == TypeKind.ARRAY) {
            writeArray(generator, (List<?>) value, type.elementType().orElseThrow());
        } else if (type.kind() == TypeKind.JSON) {
            generator.writeRawValue((String) value);
        } else if (type.kind() == TypeKind.DOCUMENT) {
            generator.writeTree(DocumentJson.tree((Map<?, ?>) value));
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Short || value instanceof Integer || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal decimal) {
            generator.writeNumber(decimal);
        } else if (value instanceof Float number) {
            generator.writeNumber(number); // NaN and infinities as strings: QUOTE_NON_NUMERIC_NUMBERS is on by default
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof byte[] bytes) {
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof OffsetDateTime timestamp) {
            generator.writeString(timestamp.withOffsetSameInstant(ZoneOffset.UTC).toString());
        } else {
            generator.writeString(value.toString());
        }
    }
}
