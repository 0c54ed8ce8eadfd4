package io.tributary.core.transform.expression;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flink CDC's built-in models ({@code pipeline.model}): {@code OpenAIChatModel} answers a text
 * (prefixed with {@code openai.chat.prompt}) through an OpenAI-compatible chat completions
 * endpoint, {@code OpenAIEmbeddingModel} returns a text's embedding ({@code ARRAY<FLOAT>}). A
 * call takes one argument; an empty or NULL text gives an empty answer, as in Flink CDC. A refused
 * request (HTTP 4xx) is the file's fault and fails the expression; an unreachable server, HTTP 429
 * or 5xx fail the task, which restarts from its checkpoint. The api key goes only into the
 * request's Authorization header, never into a message.
 */
final class OpenAiModel implements UserFunction {
    static final String MODEL = "openai.model";
    static final String HOST = "openai.host";
    static final String API_KEY = "openai.apikey";
    static final String CHAT_PROMPT = "openai.chat.prompt";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a model does, by the class name Flink CDC gives it. */
    enum Task {
        CHAT("OpenAIChatModel", Types.STRING, Set.of(MODEL, HOST, API_KEY, CHAT_PROMPT)),
        EMBEDDING("OpenAIEmbeddingModel", DataType.arrayOf(DataType.of(TypeKind.FLOAT)), Set.of(MODEL, HOST, API_KEY));

        private final String className;
        private final DataType type;
        private final Set<String> options;

        Task(String className, DataType type, Set<String> options) {
            this.className = className;
            this.type = type;
            this.options = options;
        }
    }

    private final String name;
    private final Task task;
    private final String model;
    private final URI endpoint;
    private final String apiKey;
    private final Optional<String> prompt;
    private HttpClient client;

    private OpenAiModel(String name, Task task, Map<String, String> options) {
        this.name = name;
        this.task = task;
        this.model = required(options, MODEL);
        String host = required(options, HOST).replaceAll("/+$", "");
        try {
            this.endpoint = URI.create(host + (task == Task.CHAT ? "/chat/completions" : "/embeddings"));
        } catch (IllegalArgumentException e) {
            throw problem(HOST + " '" + host + "' is not a URL; write the API's base URL, e.g. https://api.openai.com/v1", e);
        }
        this.apiKey = required(options, API_KEY);
        this.prompt = Optional.ofNullable(options.get(CHAT_PROMPT));
    }

    /**
     * The model a {@code pipeline.model} entry declares.
     *
     * @throws ExpressionException for an unknown class name, a missing or unknown option
     */
    static OpenAiModel create(UserFunctionDefinition definition) {
        requireNonNull(definition, "definition is null");
        String simpleName = definition.className().substring(definition.className().lastIndexOf('.') + 1);
        for (Task task : Task.values()) {
            if (task.className.equals(simpleName)) {
                Set<String> unknown = new TreeSet<>(definition.options().keySet());
                unknown.removeAll(task.options);
                if (!unknown.isEmpty()) {
                    throw new ExpressionException("model '" + definition.name() + "' (" + simpleName + "): unknown option" + (unknown.size() == 1 ? " " : "s ")
                            + unknown + "; its options are " + new TreeSet<>(task.options));
                }
                return new OpenAiModel(definition.name(), task, definition.options());
            }
        }
        throw new ExpressionException("model '" + definition.name() + "': class-name '" + definition.className() + "' is not a model Tributary has;"
                + " the models are " + Task.CHAT.className + " and " + Task.EMBEDDING.className);
    }

    private String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw problem("the option " + key + " is missing; add '" + key + ": ...' to the model's entry", null);
        }
        return value.strip();
    }

    private ExpressionException problem(String message, Throwable cause) {
        return new ExpressionException("model '" + name + "' (" + task.className + "): " + message, cause);
    }

    @Override
    public TypedExpression compile(List<TypedExpression> args, String text, boolean checkTypes) {
        if (args.size() != 1) {
            throw new ExpressionException("'" + text + "' has " + args.size() + " arguments; the model " + name.toUpperCase(Locale.ROOT) + " takes 1, the text");
        }
        Evaluator input = args.get(0).evaluator();
        return new TypedExpression(context -> call(input.evaluate(context), text), task.type, text, TypedExpression.columnsOf(args));
    }

    private Object call(Object value, String text) {
        String input = value == null ? "" : SqlValues.text(value);
        if (input.isBlank()) {
            return task == Task.CHAT ? "" : List.of();
        }
        ObjectNode request = JSON.createObjectNode().put("model", model);
        if (task == Task.CHAT) {
            request.putArray("messages").addObject().put("role", "user").put("content", prompt.map(p -> p + ": " + input).orElse(input));
        } else {
            request.putArray("input").add(input);
        }
        JsonNode response = post(request, text);
        if (task == Task.CHAT) {
            JsonNode content = response.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new ExpressionException("'" + text + "': the answer of " + endpoint + " has no choices[0].message.content: " + abbreviated(response.toString()));
            }
            return content.asText();
        }
        JsonNode vector = response.path("data").path(0).path("embedding");
        List<Float> embedding = new ArrayList<>(vector.size());
        vector.forEach(element -> embedding.add(element.floatValue()));
        return embedding;
    }

    private JsonNode post(ObjectNode body, String text) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                throw new IOException(endpoint + " answered HTTP " + status + ": " + abbreviated(response.body()));
            }
            if (status != 200) {
                throw new ExpressionException("'" + text + "': " + endpoint + " answered HTTP " + status + ": " + abbreviated(response.body())
                        + ". Check the model's " + HOST + ", " + MODEL + " and " + API_KEY);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            // not the pipeline's fault: the job restarts from its last checkpoint and calls again
            throw new UncheckedIOException("'" + text + "': calling the model " + name + " at " + endpoint + " failed: " + e.getMessage()
                    + ". Check that " + HOST + " is reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExpressionException("'" + text + "': interrupted while calling " + endpoint, e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private HttpClient client() {
        if (client == null) {
            open();
        }
        return client;
    }

    @Override
    public void open() {
        client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public void close() {
        client = null;
    }

    @Override
    public String toString() {
        return "model " + name + " (" + task.className + " " + model + " at " + endpoint + ")";
    }
}
