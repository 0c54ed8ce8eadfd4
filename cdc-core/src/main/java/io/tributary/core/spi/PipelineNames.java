package io.tributary.core.spi;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Derives the identifier a pipeline's name gives to what cannot hold any text: its state
 * directory, default Kafka topic and transactional-id names. A name that already is such an
 * identifier is kept as it is (so existing state directories keep working); any other, such as
 * Flink CDC's {@code MySQL to Kafka Pipeline}, becomes a lower-case slug
 * ({@code mysql-to-kafka-pipeline}).
 */
public final class PipelineNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9_.]+");

    private PipelineNames() {}

    /** The identifier of the pipeline named {@code name}. */
    public static String identifier(String name) {
        requireNonNull(name, "name is null");
        if (IDENTIFIER.matcher(name).matches()) {
            return name;
        }
        String slug = NOT_ALLOWED.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^[-_.]+|-+$", "");
        if (slug.isEmpty()) {
            // A name without a letter or digit of ASCII: a stable, distinct identifier all the same.
            return "pipeline-" + Integer.toHexString(name.hashCode());
        }
        return slug;
    }

    /** Whether {@code name} is used as it is, or replaced by a slug. */
    public static boolean isIdentifier(String name) {
        return IDENTIFIER.matcher(requireNonNull(name, "name is null")).matches();
    }
}
