package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in a value with the environment variable {@code NAME}, so that secrets
 * stay out of the pipeline file. {@code $${} is an escape and produces a literal {@code ${}; a
 * lone {@code $} is kept as written. Replaced text is not scanned again.
 */
final class EnvironmentVariables {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    EnvironmentVariables(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /**
     * The value with every reference replaced.
     *
     * @param where the key's line, for messages
     * @param key the (dotted) key whose value this is
     * @param block the block the key is in, e.g. {@code source (postgres)}
     */
    String substitute(String value, FileLine where, String key, String block) {
        StringBuilder result = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("$${", i)) {
                result.append("${");
                i += 3;
            } else if (value.startsWith("${", i)) {
                int end = value.indexOf('}', i + 2);
                if (end < 0) {
                    throw where.error(ErrorCode.CONFIG_INVALID, "the value of key '" + key + "' in " + block
                            + " has '${' without a closing '}'. Write ${NAME} to use an environment variable, or $${ for a literal '${'.");
                }
                result.append(lookup(value.substring(i + 2, end), where, key, block));
                i = end + 1;
            } else {
                result.append(value.charAt(i));
                i++;
            }
        }
        return result.toString();
    }

    private String lookup(String name, FileLine where, String key, String block) {
        if (!NAME.matcher(name).matches()) {
            throw where.error(ErrorCode.CONFIG_INVALID, "the value of key '" + key + "' in " + block + " refers to '${" + name
                    + "}', which is not a valid environment variable name (letters, digits and '_'). Write $${ for a literal '${'.");
        }
        String resolved = environment.get(name);
        if (resolved == null) {
            throw where.error(ErrorCode.CONFIG_UNRESOLVED_VARIABLE, "key '" + key + "' in " + block + " uses environment variable '"
                    + name + "', which is not set. Export it before starting tributary (export " + name + "=...).");
        }
        return resolved;
    }
}
