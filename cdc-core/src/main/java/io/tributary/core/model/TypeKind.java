package io.tributary.core.model;

/**
 * The logical column types every connector maps to. The Java class of a value of each kind is
 * fixed, so sinks and serializers need no per-source knowledge. Codes are stored in checkpoints:
 * never renumber them.
 */
public enum TypeKind {
    BOOLEAN(1, Boolean.class),
    SMALLINT(2, Short.class),
    INTEGER(3, Integer.class),
    BIGINT(4, Long.class),
    FLOAT(5, Float.class),
    DOUBLE(6, Double.class),
    /** Exact numeric; precision/scale optional (unbounded numeric when precision is absent). */
    DECIMAL(7, java.math.BigDecimal.class),
    /** Fixed-length character string; length in {@link DataType#length()}. */
    CHAR(8, String.class),
    /** Variable-length character string with an optional maximum length. */
    VARCHAR(9, String.class),
    /** Unbounded character string. */
    TEXT(10, String.class),
    BYTES(11, byte[].class),
    DATE(12, java.time.LocalDate.class),
    /** Time of day; fractional-second precision in {@link DataType#precision()}. */
    TIME(13, java.time.LocalTime.class),
    /** Timestamp without time zone. */
    TIMESTAMP(14, java.time.LocalDateTime.class),
    /** Instant in time (timestamp with time zone), normalised to UTC. */
    TIMESTAMP_TZ(15, java.time.OffsetDateTime.class),
    UUID(16, java.util.UUID.class),
    /** JSON document, carried as its text. */
    JSON(17, String.class),
    /** Array of the element type; values are {@code java.util.List}. */
    ARRAY(18, java.util.List.class),
    /**
     * A document (e.g. a MongoDB document), carried as its structure: a {@code java.util.Map} from
     * field names to values, in field order. Field values are null or of the classes of the other
     * kinds (a number of any width, text, bytes, temporal values, UUIDs), lists, or nested
     * documents; {@link DocumentJson} writes it as JSON for targets that store JSON.
     */
    DOCUMENT(19, java.util.Map.class);

    private final int code;
    private final Class<?> javaClass;

    TypeKind(int code, Class<?> javaClass) {
        this.code = code;
        this.javaClass = javaClass;
    }

    public int code() {
        return code;
    }

    /** The class every non-null value of this kind has. */
    public Class<?> javaClass() {
        return javaClass;
    }

    public static TypeKind fromCode(int code) {
        for (TypeKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown type kind code " + code);
    }
}
