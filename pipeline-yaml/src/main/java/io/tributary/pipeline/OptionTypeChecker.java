package io.tributary.pipeline;

import io.tributary.core.error.ErrorCode;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MemorySize;

/**
 * Checks that each value converts to its option's type the way the connector will read it: through
 * a Flink {@link Configuration} and {@link Configuration#get(ConfigOption)}.
 */
final class OptionTypeChecker {
    private OptionTypeChecker() {}

    /**
     * @param values the block's values by key
     * @param block the block, e.g. {@code source (postgres)}, for messages
     * @throws io.tributary.core.error.TributaryException naming the line, key, value and the
     *     expected type of the first value that does not convert
     */
    static void check(Collection<ConfigOption<?>> options, Map<String, ConfiguredValue> values, String block) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((key, value) -> strings.put(key, value.value()));
        Configuration configuration = Configuration.fromMap(strings);
        for (ConfigOption<?> option : options) {
            try {
                configuration.get(option);
            } catch (IllegalArgumentException e) {
                ConfiguredValue value = keysOf(option).map(values::get).filter(Objects::nonNull).findFirst().orElseThrow(() -> e);
                throw value.line().error(ErrorCode.CONFIG_INVALID, "invalid value '" + value.value() + "' for key '" + value.key()
                        + "' in " + block + ": expected " + expectedType(option) + "." + detail(option, e), e);
            }
        }
    }

    /** The option's key followed by its fallback and deprecated keys. */
    static Stream<String> keysOf(ConfigOption<?> option) {
        Stream<String> fallbacks = StreamSupport.stream(option.fallbackKeys().spliterator(), false).map(FallbackKey::getKey);
        return Stream.concat(Stream.of(option.key()), fallbacks);
    }

    /** Every key the options accept: their keys and their fallback and deprecated keys. */
    static List<String> allKeys(Collection<ConfigOption<?>> options) {
        return options.stream().flatMap(OptionTypeChecker::keysOf).toList();
    }

    /** What a user should write for the option, e.g. {@code an integer} or {@code one of A, B}. */
    static String expectedType(ConfigOption<?> option) {
        Optional<Class<?>> type = OptionType.of(option);
        if (type.isEmpty()) {
            return "a value of the option's type";
        }
        String single = describe(type.get());
        return OptionType.isList(option) ? "a list of " + single + " values separated by ';'" : single;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 500 ms, 30 s or 5 min";
        }
        if (type == MemorySize.class) {
            return "a memory size such as 512 kb or 64 mb";
        }
        if (type == Map.class) {
            return "a map written as key1:value1,key2:value2";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        return "a " + type.getSimpleName();
    }

    /** Flink's reason for the failure, only where the option's type is unknown here. */
    private static String detail(ConfigOption<?> option, IllegalArgumentException e) {
        Throwable cause = e.getCause();
        if (OptionType.of(option).isPresent() || cause == null || cause.getMessage() == null) {
            return "";
        }
        return " " + cause.getMessage();
    }

    /**
     * The value type of an option. Flink keeps it package-private ({@code getClazz()},
     * {@code isList()}), so it is read reflectively; when that fails the messages only lose the
     * type's name.
     */
    private static final class OptionType {
        private static final Optional<Method> CLASS = method("getClazz");
        private static final Optional<Method> LIST = method("isList");

        static Optional<Class<?>> of(ConfigOption<?> option) {
            return CLASS.flatMap(method -> invoke(method, option)).map(type -> (Class<?>) type);
        }

        static boolean isList(ConfigOption<?> option) {
            return LIST.flatMap(method -> invoke(method, option)).map(Boolean.TRUE::equals).orElse(false);
        }

        private static Optional<Method> method(String name) {
            try {
                Method method = ConfigOption.class.getDeclaredMethod(name);
                method.setAccessible(true);
                return Optional.of(method);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private static Optional<Object> invoke(Method method, ConfigOption<?> option) {
            try {
                return Optional.ofNullable(method.invoke(option));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
