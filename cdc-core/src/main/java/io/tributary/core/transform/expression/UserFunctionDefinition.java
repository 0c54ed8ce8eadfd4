package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function a pipeline file declares for its transforms: an entry of
 * {@code pipeline.user-defined-function} (a class with public {@code eval} methods) or of
 * {@code pipeline.model} (a built-in model such as {@code OpenAIChatModel}).
 *
 * @param name the name expressions call it by (case-insensitive)
 * @param className the class ({@code classpath} of a user-defined function, {@code class-name} of a model)
 * @param options its options ({@code options} of a user-defined function, the other keys of a model)
 * @param kind which list it was declared in
 */
public record UserFunctionDefinition(String name, String className, Map<String, String> options, Kind kind) implements Serializable {
    /** Which list of the {@code pipeline} block declares the function. */
    public enum Kind {
        /** {@code pipeline.user-defined-function}. */
        CLASS,
        /** {@code pipeline.model}. */
        MODEL
    }

    public UserFunctionDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(className, "className is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        requireNonNull(kind, "kind is null");
    }

    /** Names the options without their values, which may hold secrets (a model's api key). */
    @Override
    public String toString() {
        return "UserFunctionDefinition[name=" + name + ", className=" + className + ", options=" + options.keySet() + ", kind=" + kind + "]";
    }
}
