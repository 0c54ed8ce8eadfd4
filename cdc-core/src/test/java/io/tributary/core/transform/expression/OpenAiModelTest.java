package io.tributary.core.transform.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.core.model.TypeKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flink CDC's OpenAI models against a fake OpenAI-compatible server: it answers chat completions
 * with the text it was sent, reversed, and embeddings with the text's length and number of spaces,
 * and refuses any other api key.
 */
class OpenAiModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-secret";
    private static final TableId TABLE = TableId.of("shop", "public", "pages");
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("id", DataType.of(TypeKind.INTEGER).notNull()),
            new Column("page", DataType.of(TypeKind.TEXT))), List.of("id"));

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, request -> {
            String content = request.path("messages").path(0).path("content").asText();
            ObjectNode response = JSON.createObjectNode();
            response.putArray("choices").addObject().putObject("message").put("role", "assistant")
                    .put("content", new StringBuilder(content).reverse().toString());
            return response;
        }));
        server.createContext("/v1/embeddings", exchange -> answer(exchange, request -> {
            String input = request.path("input").path(0).asText();
            ObjectNode response = JSON.createObjectNode();
            ArrayNode vector = response.putArray("data").addObject().putArray("embedding");
            vector.add(input.length()).add(input.chars().filter(c -> c == ' ').count());
            return response;
        }));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, java.util.function.Function<JsonNode, JsonNode> reply) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        boolean authorized = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] body = (authorized ? reply.apply(request).toString() : "{\"error\":{\"message\":\"Incorrect API key provided\"}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private UserFunctions models(String apiKey) {
        return UserFunctions.load(List.of(
                new UserFunctionDefinition("CHAT", "OpenAIChatModel", Map.of("openai.model", "gpt-4o-mini", "openai.host", host(), "openai.apikey", apiKey,
                        "openai.chat.prompt", "summarise"), UserFunctionDefinition.Kind.MODEL),
                new UserFunctionDefinition("GET_EMBEDDING", "OpenAIEmbeddingModel", Map.of("openai.model", "text-embedding-3-small", "openai.host", host() + "/",
                        "openai.apikey", apiKey), UserFunctionDefinition.Kind.MODEL)), getClass().getClassLoader());
    }

    private static TypedExpression compile(String expression, UserFunctions functions) {
        return new ExpressionCompiler(ColumnScope.of(SCHEMA), true, functions).compile(ExpressionParser.parseProjection(expression + " AS r")
                .get(0).expression().orElseThrow());
    }

    private static Object evaluate(TypedExpression expression, Object... row) {
        return expression.evaluate(new EvaluationContext().reset(TABLE, row, "+I"));
    }

    @Test
    void chatSendsThePromptAndTheTextAndReturnsTheAnswer() {
        UserFunctions models = models(KEY);
        models.open();
        TypedExpression chat = compile("CHAT(page)", models);
        assertThat(chat.type().kind()).isEqualTo(TypeKind.VARCHAR);
        assertThat(evaluate(chat, 1, "abc")).isEqualTo("cba :esirammus");
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(request.path("messages").path(0).path("role").asText()).isEqualTo("user");
        });
        assertThat(evaluate(chat, 2, null)).as("no text, no call").isEqualTo("");
        assertThat(requests).hasSize(1);
    }

    @Test
    void embeddingReturnsTheVectorAsAnArrayOfFloats() {
        UserFunctions models = models(KEY);
        models.open();
        TypedExpression embedding = compile("get_embedding(page)", models);
        assertThat(embedding.type()).isEqualTo(DataType.arrayOf(DataType.of(TypeKind.FLOAT)));
        assertThat(evaluate(embedding, 1, "flink cdc docs")).isEqualTo(List.of(14.0f, 2.0f));
        assertThat(requests.get(0).path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(evaluate(embedding, 2, " ")).isEqualTo(List.of());
    }

    @Test
    void aRefusedCallFailsWithTheServersAnswerButNeverTheKey() {
        UserFunctions models = models("sk-wrong-key");
        models.open();
        TypedExpression chat = compile("CHAT(page)", models);
        assertThatThrownBy(() -> evaluate(chat, 1, "abc")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("answered HTTP 401").hasMessageContaining("Incorrect API key provided")
                .hasMessageNotContaining("sk-wrong-key");
        assertThat(models.toString() + compile("GET_EMBEDDING(page)", models)).doesNotContain("sk-wrong-key");
        assertThatThrownBy(() -> compile("CHAT(page, id)", models)).hasMessageContaining("the model CHAT takes 1, the text");
    }

    @Test
    void anUnreachableServerIsAFailureToRetryNotAWrongExpression() {
        UserFunctions models = models(KEY);
        models.open();
        TypedExpression chat = compile("CHAT(page)", models);
        server.stop(0);
        assertThatThrownBy(() -> evaluate(chat, 1, "abc")).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("calling the model CHAT at " + host() + "/chat/completions failed");
    }
}
