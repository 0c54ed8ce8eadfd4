package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The functions a pipeline declares (user-defined functions and models), loaded for one
 * operator: each instance is opened once before the first row and closed with the operator.
 */
public final class UserFunctions implements AutoCloseable {
    private static final UserFunctions NONE = new UserFunctions(Map.of());

    private final Map<String, UserFunction> byName;

    private UserFunctions(Map<String, UserFunction> byName) {
        this.byName = byName;
    }

    /** No declared functions. */
    public static UserFunctions none() {
        return NONE;
    }

    /**
     * Loads the declared functions: a user-defined function's class from {@code loader} (a new
     * instance each), a model by its class name. Nothing is opened.
     *
     * @throws ExpressionException naming the function and what to do, when one cannot be loaded
     */
    public static UserFunctions load(List<UserFunctionDefinition> definitions, ClassLoader loader) {
        requireNonNull(loader, "loader is null");
        Map<String, UserFunction> byName = new LinkedHashMap<>();
        for (UserFunctionDefinition definition : definitions) {
            UserFunction function = definition.kind() == UserFunctionDefinition.Kind.MODEL
                    ? OpenAiModel.create(definition)
                    : ClassFunction.load(definition, loader);
            if (byName.put(definition.name().toUpperCase(Locale.ROOT), function) != null) {
                throw new ExpressionException("the function name '" + definition.name() + "' is declared twice; give each function its own name");
            }
        }
        return new UserFunctions(byName);
    }

    /** A call of the function named {@code name} (any case), when the pipeline declares one. */
    Optional<TypedExpression> compile(String name, List<TypedExpression> args, String text, boolean checkTypes) {
        UserFunction function = byName.get(name.toUpperCase(Locale.ROOT));
        return function == null ? Optional.empty() : Optional.of(function.compile(args, text, checkTypes));
    }

    /** The declared names, for messages. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /**
     * Opens every function.
     *
     * @throws ExpressionException naming the function whose {@code open} failed
     */
    public void open() {
        byName.forEach((name, function) -> {
            try {
                function.open();
            } catch (Exception e) {
                throw new ExpressionException("opening the function " + name + " failed: " + e, e);
            }
        });
    }

    /** Closes every function; the first failure is thrown after all were closed. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (UserFunction function : byName.values()) {
            try {
                function.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
