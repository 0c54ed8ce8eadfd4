package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.transform.expression.ExpressionException;
import io.tributary.core.transform.expression.UserFunctionDefinition;
import io.tributary.core.transform.expression.UserFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the functions the {@code pipeline} block declares for transforms (Flink CDC 3.x):
 * {@code user-defined-function} (name, classpath, options) and {@code model} (model-name,
 * class-name, the model's options). Each is loaded as the job will load it, so that a class that
 * is not on the class path, has no {@code eval} method or an unknown model is reported with the
 * line of its entry.
 */
final class FunctionBlockParser {
    static final String USER_DEFINED_FUNCTION = "user-defined-function";
    static final String MODEL = "model";
    /** The pipeline keys this parser reads, which the rest of the pipeline block leaves to it. */
    static final List<String> KEYS = List.of(USER_DEFINED_FUNCTION, MODEL);
    private static final String NAME = "name";
    private static final String CLASSPATH = "classpath";
    private static final String OPTIONS = "options";
    private static final List<String> PYTHON_KEYS = List.of("python-code", "python-executable", "python-files");
    private static final String MODEL_NAME = "model-name";
    private static final String CLASS_NAME = "class-name";
    private static final List<String> MODEL_OPTIONS = List.of("openai.model", "openai.host", "openai.apikey", "openai.chat.prompt");

    /** The declared functions, and the same loaded for checking the transforms' calls. */
    record Functions(List<UserFunctionDefinition> definitions, UserFunctions loaded) {
        static final Functions NONE = new Functions(List.of(), UserFunctions.none());
    }

    private final String file;
    private final ValueReader values;
    private final ClassLoader loader;

    FunctionBlockParser(String file, ValueReader values, ClassLoader loader) {
        this.file = requireNonNull(file, "file is null");
        this.values = requireNonNull(values, "values is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    Functions parse(Optional<YamlEntry> pipeline) {
        if (pipeline.isEmpty() || YamlNodes.isNull(pipeline.get().value())) {
            return Functions.NONE;
        }
        YamlMapping block = YamlMapping.of(file, pipeline.get().value(), "pipeline");
        List<UserFunctionDefinition> definitions = new ArrayList<>();
        block.entry(USER_DEFINED_FUNCTION).ifPresent(list -> EntryListBlock.read(file, list, NAME, keys()).forEach(entry -> definitions.add(
                checked(userDefinedFunction(entry), entry))));
        block.entry(MODEL).ifPresent(list -> {
            List<String> keys = new ArrayList<>(List.of(MODEL_NAME, CLASS_NAME));
            keys.addAll(MODEL_OPTIONS);
            EntryListBlock.read(file, list, MODEL_NAME, keys).forEach(entry -> definitions.add(checked(model(entry), entry)));
        });
        if (definitions.isEmpty()) {
            return Functions.NONE;
        }
        try {
            return new Functions(definitions, UserFunctions.load(definitions, loader));
        } catch (ExpressionException e) {
            throw pipeline.get().line().error(ErrorCode.CONFIG_INVALID, e.getMessage() + ".", e);
        }
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(List.of(NAME, CLASSPATH, OPTIONS));
        keys.addAll(PYTHON_KEYS);
        return keys;
    }

    private UserFunctionDefinition userDefinedFunction(EntryListBlock.Entry entry) {
        for (String key : PYTHON_KEYS) {
            if (entry.optional(key).isPresent()) {
                throw entry.optional(key).get().line().error(ErrorCode.CONFIG_INVALID, entry.name() + " is a Python function (" + key
                        + "); Tributary runs only Java functions. Write it as a Java class with a public eval method and declare it with 'classpath:'.");
            }
        }
        String name = values.scalar(entry.required(NAME, "the name transforms call the function by"), entry.name()).strip();
        String className = values.scalar(entry.required(CLASSPATH, "the function's fully qualified class name, e.g. com.example.AddOne"), entry.name()).strip();
        Map<String, String> options = new LinkedHashMap<>();
        entry.optional(OPTIONS).filter(block -> !YamlNodes.isNull(block.value())).ifPresent(block -> values.flatten(
                YamlMapping.of(file, block.value(), "options of " + entry.name()).entries(), "options of " + entry.name())
                .forEach(value -> options.put(value.key(), value.value())));
        return new UserFunctionDefinition(name, className, options, UserFunctionDefinition.Kind.CLASS);
    }

    private UserFunctionDefinition model(EntryListBlock.Entry entry) {
        String name = values.scalar(entry.required(MODEL_NAME, "the name transforms call the model by, e.g. CHAT"), entry.name()).strip();
        String className = values.scalar(entry.required(CLASS_NAME, "OpenAIChatModel or OpenAIEmbeddingModel"), entry.name()).strip();
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : MODEL_OPTIONS) {
            entry.optional(key).ifPresent(value -> options.put(key, values.scalar(value, entry.name())));
        }
        return new UserFunctionDefinition(name, className, options, UserFunctionDefinition.Kind.MODEL);
    }

    /** Loads the one function (without opening it), so that a problem is reported at its entry. */
    private UserFunctionDefinition checked(UserFunctionDefinition definition, EntryListBlock.Entry entry) {
        try {
            UserFunctions.load(List.of(definition), loader);
            return definition;
        } catch (ExpressionException e) {
            throw entry.line().error(ErrorCode.CONFIG_INVALID, e.getMessage() + ".", e);
        }
    }
}
