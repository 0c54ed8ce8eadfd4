package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user-defined function: a class with a public no-argument constructor and public {@code eval}
 * methods, found by name on the class path. It is used by reflection, so that Flink CDC's
 * {@code UserDefinedFunction} classes and Flink {@code ScalarFunction}s run without either
 * library being a dependency: {@code eval} is chosen by the number and types of the arguments,
 * the result type is what {@code getReturnType()} says (its text, such as {@code INT} or
 * {@code VARCHAR(10)}) or else what {@code eval} returns, and {@code open}/{@code close} are
 * called when the class has them ({@code open(UserDefinedFunctionContext)} gets the entry's options).
 */
final class ClassFunction implements UserFunction {
    private static final String CDC_CONTEXT = "org.apache.flink.cdc.common.udf.UserDefinedFunctionContext";
    private static final String CDC_CONFIGURATION = "org.apache.flink.cdc.common.configuration.Configuration";
    /** Flink's table functions, whose open and close Flink CDC does not call either. */
    private static final String FLINK_FUNCTION = "org.apache.flink.table.functions.UserDefinedFunction";
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class,
            int.class, Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class, char.class, Character.class);

    private final UserFunctionDefinition definition;
    private final Object instance;
    private final List<Method> evals;
    private final Optional<DataType> declaredType;

    private ClassFunction(UserFunctionDefinition definition, Object instance, List<Method> evals, Optional<DataType> declaredType) {
        this.definition = definition;
        this.instance = instance;
        this.evals = evals;
        this.declaredType = declaredType;
    }

    /** Loads and instantiates the class, without opening it. */
    static ClassFunction load(UserFunctionDefinition definition, ClassLoader loader) {
        requireNonNull(definition, "definition is null");
        String name = definition.className();
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw failure(definition, "its class " + name + " is not on the class path. Give the jar that holds it with --jar PATH"
                    + " (tributary run and validate), and check the class name", e);
        } catch (LinkageError e) {
            throw failure(definition, "its class " + name + " cannot be loaded: " + e + ". Give the jars it needs with more --jar options"
                    + " (a Flink CDC UserDefinedFunction needs flink-cdc-common's jar)", e);
        }
        List<Method> evals = Arrays.stream(type.getMethods()).filter(method -> method.getName().equals("eval"))
                .sorted(Comparator.comparing(Method::toGenericString)).toList();
        if (evals.isEmpty()) {
            throw failure(definition, "its class " + name + " has no public method named eval. Add one, e.g. public Integer eval(Integer value)", null);
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw failure(definition, "its class " + name + " has no public constructor without parameters. Add one", e);
        } catch (InstantiationException | InvocationTargetException e) {
            throw failure(definition, "creating an instance of " + name + " failed: " + rootCause(e), e);
        }
        return new ClassFunction(definition, instance, evals, declaredType(definition, instance));
    }

    private static ExpressionException failure(UserFunctionDefinition definition, String problem, Throwable cause) {
        return new ExpressionException("user-defined function '" + definition.name() + "': " + problem, cause);
    }

    /** What getReturnType() (with or without the context argument) says, if the class has it and it says something. */
    private static Optional<DataType> declaredType(UserFunctionDefinition definition, Object instance) {
        Optional<Object> type = lifecycleCall(definition, instance, "getReturnType");
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String text = type.get().toString().replaceAll("(?i)\\s+NOT\\s+NULL$", "").trim();
        try {
            return Optional.of(new ExpressionCompiler(ColumnScope.anyColumn(), true)
                    .compile(ExpressionParser.parseFilter("CAST(NULL AS " + text + ")")).type().withNullable(true));
        } catch (ExpressionException e) {
            throw failure(definition, "getReturnType() of " + definition.className() + " says " + text + ", which is not a type Tributary knows ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public TypedExpression compile(List<TypedExpression> args, String text, boolean checkTypes) {
        Method eval = choose(args, text, checkTypes);
        DataType type = declaredType.or(() -> typeOf(eval.getReturnType())).orElseThrow(() -> new ExpressionException("the eval method of "
                + definition.className() + " returns " + eval.getReturnType().getSimpleName() + ", whose SQL type Tributary cannot tell; return a"
                + " specific class (Integer, String, ...) or say the type with getReturnType()"));
        Class<?>[] parameters = eval.getParameterTypes();
        Evaluator[] operands = args.stream().map(TypedExpression::evaluator).toArray(Evaluator[]::new);
        return new TypedExpression(context -> {
            Object[] values = new Object[operands.length];
            for (int i = 0; i < operands.length; i++) {
                values[i] = operands[i].evaluate(context);
            }
            Object[] arguments = arguments(eval, parameters, values);
            return arguments == null ? null : SqlValues.cast(invoke(eval, arguments, text), type);
        }, type, text, TypedExpression.columnsOf(args));
    }

    /** The eval method for these arguments: by their number, then the one whose parameters take their types best. */
    private Method choose(List<TypedExpression> args, String text, boolean checkTypes) {
        List<Method> byCount = evals.stream().filter(method -> takes(method, args.size())).toList();
        if (byCount.isEmpty()) {
            throw new ExpressionException("'" + text + "' has " + args.size() + " argument" + (args.size() == 1 ? "" : "s") + ", but "
                    + definition.className() + " has no eval method for that many; it has " + evals.stream().map(ClassFunction::signature).toList());
        }
        if (!checkTypes) {
            return byCount.get(0);
        }
        return byCount.stream().max(Comparator.comparingInt(method -> fit(method, args))).filter(method -> fit(method, args) >= 0)
                .orElseThrow(() -> new ExpressionException("no eval method of " + definition.className() + " takes the arguments of '" + text + "' ("
                        + args.stream().map(arg -> arg.type().toString()).toList() + "); it has " + evals.stream().map(ClassFunction::signature).toList()));
    }

    private static boolean takes(Method method, int count) {
        int parameters = method.getParameterCount();
        return method.isVarArgs() ? count >= parameters - 1 : count == parameters;
    }

    /** How well the arguments' types fit the parameters: 2 per exact class, 1 per conversion (number to number, anything to text), -1 if one does not fit. */
    private static int fit(Method method, List<TypedExpression> args) {
        int score = 0;
        for (int i = 0; i < args.size(); i++) {
            Class<?> parameter = parameterFor(method, i);
            Class<?> value = args.get(i).type().kind().javaClass();
            if (box(parameter).isAssignableFrom(value)) {
                score += parameter == Object.class ? 1 : 2;
            } else if (box(parameter) == String.class || Number.class.isAssignableFrom(value) && Number.class.isAssignableFrom(box(parameter))) {
                score += 1;
            } else {
                return -1;
            }
        }
        return score;
    }

    private static Class<?> parameterFor(Method method, int index) {
        Class<?>[] parameters = method.getParameterTypes();
        return method.isVarArgs() && index >= parameters.length - 1 ? parameters[parameters.length - 1].getComponentType() : parameters[index];
    }

    /** The values converted to the parameters' classes (trailing ones packed for a varargs method); null when a primitive parameter gets NULL. */
    private static Object[] arguments(Method eval, Class<?>[] parameters, Object[] values) {
        int fixed = eval.isVarArgs() ? parameters.length - 1 : parameters.length;
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < fixed; i++) {
            if (values[i] == null && parameters[i].isPrimitive()) {
                return null;
            }
            arguments[i] = convert(values[i], parameters[i]);
        }
        if (eval.isVarArgs()) {
            Class<?> element = parameters[fixed].getComponentType();
            Object rest = Array.newInstance(element, values.length - fixed);
            for (int i = fixed; i < values.length; i++) {
                if (values[i] == null && element.isPrimitive()) {
                    return null;
                }
                Array.set(rest, i - fixed, convert(values[i], element));
            }
            arguments[fixed] = rest;
        }
        return arguments;
    }

    private static Object convert(Object value, Class<?> parameter) {
        if (value == null || box(parameter).isInstance(value)) {
            return value;
        }
        DataType type = typeOf(parameter).orElseThrow(() -> new ExpressionException("cannot pass " + SqlValues.text(value) + " ("
                + value.getClass().getSimpleName() + ") as " + parameter.getSimpleName()));
        Object converted = SqlValues.cast(value, type);
        return parameter == Byte.class || parameter == byte.class ? Byte.valueOf(((Short) converted).byteValue()) : converted;
    }

    private Object invoke(Method eval, Object[] arguments, String text) {
        try {
            return eval.invoke(instance, arguments);
        } catch (InvocationTargetException e) {
            throw new ExpressionException("'" + text + "' failed: " + definition.className() + ".eval threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new ExpressionException("'" + text + "': " + definition.className() + ".eval cannot be called: " + e.getMessage(), e);
        }
    }

    /** The SQL type of values of a Java class, for the classes a transform's values have. */
    static Optional<DataType> typeOf(Class<?> javaClass) {
        Class<?> boxed = box(javaClass);
        if (boxed == Byte.class) {
            return Optional.of(DataType.of(TypeKind.SMALLINT));
        }
        if (boxed == BigDecimal.class) {
            return Optional.of(DataType.of(TypeKind.DECIMAL));
        }
        if (boxed == String.class) {
            return Optional.of(Types.STRING);
        }
        for (TypeKind kind : List.of(TypeKind.BOOLEAN, TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.FLOAT, TypeKind.DOUBLE,
                TypeKind.BYTES, TypeKind.DATE, TypeKind.TIME, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_TZ, TypeKind.UUID)) {
            if (kind.javaClass() == boxed) {
                return Optional.of(DataType.of(kind));
            }
        }
        return Optional.empty();
    }

    private static Class<?> box(Class<?> type) {
        return BOXES.getOrDefault(type, type);
    }

    private static String signature(Method method) {
        return method.getReturnType().getSimpleName() + " eval(" + String.join(", ", Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).toList()) + ")";
    }

    @Override
    public void open() throws Exception {
        if (!isFlinkFunction()) {
            lifecycleCall(definition, instance, "open");
        }
    }

    @Override
    public void close() throws Exception {
        if (!isFlinkFunction()) {
            lifecycleCall(definition, instance, "close");
        }
    }

    private boolean isFlinkFunction() {
        for (Class<?> type = instance.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(FLINK_FUNCTION)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls the public method {@code name} that takes Flink CDC's context (given the entry's
     * options), else the one without parameters; nothing when the class has neither.
     */
    private static Optional<Object> lifecycleCall(UserFunctionDefinition definition, Object instance, String name) {
        try {
            for (Method method : instance.getClass().getMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == 1 && method.getParameterTypes()[0].getName().equals(CDC_CONTEXT)) {
                    return Optional.ofNullable(method.invoke(instance, context(definition, method.getParameterTypes()[0])));
                }
            }
            for (Method method : instance.getClass().getMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == 0) {
                    return Optional.ofNullable(method.invoke(instance));
                }
            }
            return Optional.empty();
        } catch (InvocationTargetException e) {
            throw failure(definition, name + "() of " + definition.className() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw failure(definition, name + "() of " + definition.className() + " cannot be called: " + e, e);
        }
    }

    /** A Flink CDC UserDefinedFunctionContext whose configuration() holds the entry's options, built from the class's own Flink CDC classes. */
    private static Object context(UserFunctionDefinition definition, Class<?> contextType) throws ReflectiveOperationException {
        Class<?> configurationType = Class.forName(CDC_CONFIGURATION, true, contextType.getClassLoader());
        Object configuration = configurationType.getMethod("fromMap", Map.class).invoke(null, definition.options());
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType}, (proxy, method, arguments) -> switch (method.getName()) {
            case "configuration" -> configuration;
            case "toString" -> "UserDefinedFunctionContext" + definition.options();
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == arguments[0];
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    @Override
    public String toString() {
        return "user-defined function " + definition.name() + " (" + definition.className() + ")";
    }
}
