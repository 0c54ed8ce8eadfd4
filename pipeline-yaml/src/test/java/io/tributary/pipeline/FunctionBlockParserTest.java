package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.functions.AddOneFunctionClass;
import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.transform.expression.UserFunctionDefinition;
import io.tributary.core.transform.expression.UserFunctionDefinition.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline block's user-defined-function and model lists: read, loaded, and refused at their line. */
class FunctionBlockParserTest {
    private static final String SOURCE_AND_SINK = """
            source:
              type: test-source
              hostname: 127.0.0.1
              tables: app_db.\\.*
            sink:
              type: test-sink
              url: jdbc:postgresql://127.0.0.1:5432/replica
            transform:
              - source-table: app_db.orders
                projection: \\*, addone(id) AS next_id
            """;

    private final PipelineParser parser = new PipelineParser(Map.of());

    @Test
    void readsFunctionsWithTheirOptionsAndModels() {
        PipelineDefinition definition = parser.parse("pipeline.yaml", SOURCE_AND_SINK + """
                pipeline:
                  parallelism: 2
                  user-defined-function:
                    - name: addone
                      classpath: com.example.functions.AddOneFunctionClass
                    - name: query_redis
                      classpath: com.example.flink.cdc.udf.RedisQueryFunction
                      options:
                        hostname: localhost
                        cache.enabled: "true"
                  model:
                    - model-name: CHAT
                      class-name: OpenAIChatModel
                      openai.model: gpt-4o-mini
                      openai.host: http://127.0.0.1:1/v1
                      openai.apikey: demo
                      openai.chat.prompt: summarise
                """);
        assertThat(definition.functions()).containsExactly(
                new UserFunctionDefinition("addone", AddOneFunctionClass.class.getName(), Map.of(), Kind.CLASS),
                new UserFunctionDefinition("query_redis", "com.example.flink.cdc.udf.RedisQueryFunction", Map.of("hostname", "localhost",
                        "cache.enabled", "true"), Kind.CLASS),
                new UserFunctionDefinition("CHAT", "OpenAIChatModel", Map.of("openai.model", "gpt-4o-mini", "openai.host", "http://127.0.0.1:1/v1",
                        "openai.apikey", "demo", "openai.chat.prompt", "summarise"), Kind.MODEL));
        assertThat(definition.pipelineOptions()).doesNotContainKeys("user-defined-function", "model").containsEntry("parallelism", "2");
    }

    @Test
    void aCallOfAnUndeclaredFunctionIsRefusedAtItsKey() {
        assertError("", "pipeline.yaml:10: key 'projection' in transform #1: projection item 'addone(id) AS next_id': unknown function ADDONE");
    }

    @Test
    void aClassThatCannotBeUsedIsRefusedAtItsEntry() {
        assertError("""
                pipeline:
                  user-defined-function:
                    - name: addone
                      classpath: com.example.functions.Missing
                """, "pipeline.yaml:13: user-defined function 'addone': its class com.example.functions.Missing is not on the class path."
                + " Give the jar that holds it with --jar PATH (tributary run and validate), and check the class name.");
        assertError("""
                pipeline:
                  user-defined-function:
                    - name: addone
                      classpath: java.lang.Object
                """, "pipeline.yaml:13: user-defined function 'addone': its class java.lang.Object has no public method named eval.");
        assertError("""
                pipeline:
                  user-defined-function:
                    - name: addone
                """, ErrorCode.CONFIG_MISSING_OPTION, "pipeline.yaml:13: user-defined-function #1 is missing the required key 'classpath'");
    }

    @Test
    void aCallNoEvalTakesIsRefusedAtItsKey() {
        assertThatThrownBy(() -> parser.parse("pipeline.yaml", SOURCE_AND_SINK.replace("addone(id)", "addone(id, 2)") + """
                pipeline:
                  user-defined-function:
                    - name: addone
                      classpath: com.example.functions.AddOneFunctionClass
                """)).isInstanceOf(TributaryException.class).hasMessageStartingWith("pipeline.yaml:10: key 'projection' in transform #1: projection item"
                + " 'addone(id, 2) AS next_id': 'addone(id, 2)' has 2 arguments, but com.example.functions.AddOneFunctionClass has no eval method"
                + " for that many; it has [Integer eval(Integer)]");
    }

    @Test
    void pythonFunctionsAndUnknownModelsAreRefusedSayingWhatToDo() {
        assertError("""
                pipeline:
                  user-defined-function:
                    - name: addone
                      python-code: |
                        def eval(x: int) -> int:
                            return x + 1
                """, "pipeline.yaml:14: user-defined-function #1 is a Python function (python-code); Tributary runs only Java functions.");
        assertError("""
                pipeline:
                  model:
                    - model-name: addone
                      class-name: MyModel
                """, "pipeline.yaml:13: model 'addone': class-name 'MyModel' is not a model Tributary has; the models are OpenAIChatModel and"
                + " OpenAIEmbeddingModel.");
        assertError("""
                pipeline:
                  model:
                    - model-name: addone
                      class-name: OpenAIEmbeddingModel
                      openai.model: text-embedding-3-small
                      openai.host: http://127.0.0.1:1/v1
                """, "pipeline.yaml:13: model 'addone' (OpenAIEmbeddingModel): the option openai.apikey is missing;");
        assertError("""
                pipeline:
                  model:
                    - model-name: addone
                      class-name: OpenAIEmbeddingModel
                      openai.key: x
                """, ErrorCode.CONFIG_UNKNOWN_OPTION, "pipeline.yaml:15: unknown key 'openai.key' in model #1.");
    }

    private void assertError(String pipeline, String messageStart) {
        assertError(pipeline, ErrorCode.CONFIG_INVALID, messageStart);
    }

    private void assertError(String pipeline, ErrorCode code, String messageStart) {
        assertThatThrownBy(() -> parser.parse("pipeline.yaml", SOURCE_AND_SINK + pipeline))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code))
                .hasMessageStartingWith(messageStart);
    }
}
