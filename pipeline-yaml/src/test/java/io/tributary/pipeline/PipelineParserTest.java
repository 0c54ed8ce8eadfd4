package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.RouteDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineParserTest {
    private static final String SOURCE_AND_SINK = """
            source:
              type: test-source
              hostname: 127.0.0.1
              tables: appdb.public.\\.*
            sink:
              type: test-sink
              url: jdbc:postgresql://127.0.0.1:5432/replica
            """;

    private static final Map<String, String> ENVIRONMENT = Map.of("PG_PASSWORD", "s3cret", "PG_PORT", "6543");

    private final PipelineParser parser = new PipelineParser(ENVIRONMENT);

    @Test
    void validFileBecomesADefinitionWithValuesAsWritten() {
        PipelineDefinition definition = parse("""
                source:
                  type: test-source
                  name: Application database
                  hostname: 127.0.0.1
                  port: 5432
                  username: cdc
                  password: ${PG_PASSWORD}
                  tables: appdb.public.\\.*
                  scan.startup.mode: initial
                  connect.timeout: 5s
                  include-schema-changes: false
                  debezium:
                    snapshot.mode: never
                sink:
                  type: test-sink
                  url: jdbc:postgresql://127.0.0.1:5432/replica
                  batch.size: 500
                  properties:
                    ssl: true
                route:
                  - source-table: appdb.public.orders
                    sink-table: public.orders_copy
                  - source-table: appdb.public.\\.*
                    sink-table: archive.<>
                    replace-symbol: <>
                    description: everything else
                pipeline:
                  name: appdb-to-replica
                  parallelism: 2
                  local-time-zone: Europe/Berlin
                  schema.change.behavior: evolve
                  execution.checkpointing.interval: 5s
                """);

        assertThat(definition.name()).isEqualTo("appdb-to-replica");
        assertThat(definition.source().type()).isEqualTo("test-source");
        assertThat(definition.source().options()).containsOnly(
                entry("hostname", "127.0.0.1"),
                entry("port", "5432"),
                entry("username", "cdc"),
                entry("password", "s3cret"),
                entry("tables", "appdb.public.\\.*"),
                entry("scan.startup.mode", "initial"),
                entry("connect.timeout", "5s"),
                entry("include-schema-changes", "false"),
                entry("debezium.snapshot.mode", "never"));
        assertThat(definition.sink().type()).isEqualTo("test-sink");
        assertThat(definition.sink().options()).containsOnly(
                entry("url", "jdbc:postgresql://127.0.0.1:5432/replica"),
                entry("batch.size", "500"),
                entry("properties.ssl", "true"));
        assertThat(definition.routes()).containsExactly(
                new RouteDefinition("appdb.public.orders", "public.orders_copy", Optional.empty(), Optional.empty()),
                new RouteDefinition("appdb.public.\\.*", "archive.<>", Optional.of("<>"), Optional.of("everything else")));
        assertThat(definition.pipelineOptions()).containsOnly(
                entry("name", "appdb-to-replica"),
                entry("parallelism", "2"),
                entry("local-time-zone", "Europe/Berlin"),
                entry("schema.change.behavior", "evolve"),
                entry("execution.checkpointing.interval", "5s"));
    }

    @Test
    void withoutPipelineBlockTheNameComesFromTheFileAndParallelismIsOne() {
        PipelineDefinition definition = parser.parse("conf/appdb.yaml", SOURCE_AND_SINK);

        assertThat(definition.name()).isEqualTo("appdb");
        assertThat(definition.routes()).isEmpty();
        assertThat(definition.pipelineOptions()).containsOnly(entry("name", "appdb"), entry("parallelism", "1"));
    }

    @Test
    void readsAFileAndNamesThePipelineAfterIt(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("orders-sync.yaml"), SOURCE_AND_SINK);

        PipelineDefinition definition = parser.parse(file);

        assertThat(definition.name()).isEqualTo("orders-sync");
        assertThat(definition.source().options()).containsEntry("hostname", "127.0.0.1");
    }

    @Test
    void missingFileSaysSo(@TempDir Path directory) {
        Path file = directory.resolve("nowhere.yaml");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TributaryException.class)
                .hasMessage("Pipeline file " + file + " does not exist. Check the path.");
    }

    @Test
    void substitutesEnvironmentVariablesInsideValues() {
        PipelineDefinition definition = parse(SOURCE_AND_SINK.replace("hostname: 127.0.0.1", """
                hostname: 127.0.0.1
                  port: ${PG_PORT}
                  password: pre-${PG_PASSWORD}-post
                  username: $${NOT_A_VARIABLE} and $5""").replace("5432/replica", "${PG_PORT}/replica"));

        assertThat(definition.source().options()).contains(
                entry("port", "6543"),
                entry("password", "pre-s3cret-post"),
                entry("username", "${NOT_A_VARIABLE} and $5"));
        assertThat(definition.sink().options()).containsEntry("url", "jdbc:postgresql://127.0.0.1:6543/replica");
    }

    @Test
    void unsetEnvironmentVariableNamesFileLineKeyAndVariable() {
        assertError(SOURCE_AND_SINK.replace("url: jdbc:postgresql://127.0.0.1:5432/replica", "url: ${REPLICA_URL}"),
                ErrorCode.CONFIG_UNRESOLVED_VARIABLE,
                "pipeline.yaml:7: key 'url' in sink (test-sink) uses environment variable 'REPLICA_URL', which is not set."
                        + " Export it before starting tributary (export REPLICA_URL=...).");
    }

    @Test
    void unclosedVariableReferenceIsAnError() {
        assertError(SOURCE_AND_SINK.replace("hostname: 127.0.0.1", "hostname: ${PG_HOST"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:3: the value of key 'hostname' in source (test-source) has '${' without a closing '}'.");
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        assertError("""
                source:
                  type: test-source
                   hostname: 127.0.0.1
                """, ErrorCode.CONFIG_INVALID, "pipeline.yaml:3:12: malformed YAML: mapping values are not allowed here");
    }

    @Test
    void unclosedQuoteIsMalformedYaml() {
        assertError("""
                source:
                  type: "test-source
                sink: {}
                """, ErrorCode.CONFIG_INVALID, "pipeline.yaml:4:1: malformed YAML: found unexpected end of stream");
    }

    @Test
    void emptyFileIsAnError() {
        assertError("# nothing yet\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:1: the pipeline file is empty. It needs at least a source and a sink block.");
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosest() {
        assertError(SOURCE_AND_SINK + "routes:\n  - source-table: a\n    sink-table: b\n", ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:8: unknown top-level key 'routes'. Did you mean 'route'?");
    }

    @Test
    void unknownSourceKeySuggestsTheClosest() {
        assertError(SOURCE_AND_SINK.replace("hostname:", "hostnme:"), ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:3: unknown key 'hostnme' in source (test-source). Did you mean 'hostname'?");
    }

    @Test
    void everySinkTakesFlinkCdcsSchemaChangeListsAsAYamlListOrAString() {
        PipelineDefinition definition = parse(SOURCE_AND_SINK + "  include.schema.changes: [column, create.table]\n"
                + "  exclude.schema.changes: drop.column\n");
        assertThat(definition.sink().options()).contains(entry("include.schema.changes", "column;create.table"),
                entry("exclude.schema.changes", "drop.column"));
    }

    @Test
    void anUnknownSchemaChangeKindNamesTheLineAndTheValidOnes() {
        assertError(SOURCE_AND_SINK + "  exclude.schema.changes: [drop.columns]\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:8: 'drop.columns' in sink option exclude.schema.changes names no kind of schema change. Use add.column,");
    }

    @Test
    void unknownSinkKeySuggestsTheClosest() {
        assertError(SOURCE_AND_SINK + "  batch-size: 10\n", ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:8: unknown key 'batch-size' in sink (test-sink). Did you mean 'batch.size'?");
    }

    @Test
    void misspeltPassThroughPrefixIsSuggested() {
        assertError(SOURCE_AND_SINK.replace("tables:", "debezum.snapshot.mode: never\n  tables:"), ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:4: unknown key 'debezum.snapshot.mode' in source (test-source). Did you mean 'debezium.snapshot.mode'?");
    }

    @Test
    void unknownKeyFarFromAnyListsTheValidKeys() {
        assertError(SOURCE_AND_SINK + "  compression: zstd\n", ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:8: unknown key 'compression' in sink (test-sink). Valid keys: batch.size, buffer.size, password, url,"
                        + " username, or any key starting with 'properties.'.");
    }

    @Test
    void unknownRouteKeySuggestsTheClosest() {
        assertError(SOURCE_AND_SINK + """
                route:
                  - source-table: appdb.public.orders
                    sink-tabel: public.orders
                """, ErrorCode.CONFIG_UNKNOWN_OPTION, "pipeline.yaml:10: unknown key 'sink-tabel' in route #1. Did you mean 'sink-table'?");
    }

    @Test
    void unknownPipelineKeySuggestsTheClosest() {
        assertError(SOURCE_AND_SINK + "pipeline:\n  paralelism: 2\n", ErrorCode.CONFIG_UNKNOWN_OPTION,
                "pipeline.yaml:9: unknown key 'paralelism' in pipeline. Did you mean 'parallelism'?"
                        + " Flink configuration keys (with a dot) are passed through.");
    }

    @Test
    void deprecatedKeyIsAcceptedButNotTogetherWithItsReplacement() {
        assertThat(parse(SOURCE_AND_SINK.replace("tables:", "chunk-size: 100\n  tables:")).source().options())
                .containsEntry("chunk-size", "100");

        assertError(SOURCE_AND_SINK.replace("tables:", "chunk-size: 100\n  scan.incremental.snapshot.chunk.size: 200\n  tables:"),
                ErrorCode.CONFIG_INVALID, "pipeline.yaml:5: keys 'chunk-size' (line 4) and 'scan.incremental.snapshot.chunk.size' in"
                        + " source (test-source) set the same option. Keep only 'scan.incremental.snapshot.chunk.size'.");
    }

    @Test
    void missingRequiredOptionNamesBlockKeyAndMeaning() {
        assertError(SOURCE_AND_SINK.replace("  hostname: 127.0.0.1\n", ""), ErrorCode.CONFIG_MISSING_OPTION,
                "pipeline.yaml:1: source (test-source) is missing the required key 'hostname': The host name or address of the database"
                        + " server. Add 'hostname: ...' to the block.");
    }

    @Test
    void missingSinkBlockIsAnError() {
        assertError(SOURCE_AND_SINK.substring(0, SOURCE_AND_SINK.indexOf("sink:")), ErrorCode.CONFIG_MISSING_OPTION,
                "pipeline.yaml:1: the file has no 'sink' block.");
    }

    @Test
    void missingTypeListsInstalledTypes() {
        assertError(SOURCE_AND_SINK.replace("  type: test-sink\n", ""), ErrorCode.CONFIG_MISSING_OPTION,
                "pipeline.yaml:5: sink has no 'type'. Add 'type: <connector>'; installed sink types:");
    }

    @Test
    void unknownConnectorTypeNamesTheLineAndTheInstalledTypes() {
        TributaryException error = parseFailure(SOURCE_AND_SINK.replace("type: test-source", "type: sqlserver"));

        assertThat(error.code()).isEqualTo(ErrorCode.CONNECTOR_UNKNOWN);
        assertThat(error.getMessage()).startsWith("pipeline.yaml:2: No source connector of type 'sqlserver'. Available source types: ")
                .contains("test-source");
    }

    @Test
    void valueOfTheWrongTypeNamesLineKeyValueAndExpectedType() {
        assertError(SOURCE_AND_SINK.replace("tables:", "port: fifty\n  tables:"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:4: invalid value 'fifty' for key 'port' in source (test-source): expected a whole number.");
    }

    @Test
    void enumValueOutsideItsChoicesListsThem() {
        assertError(SOURCE_AND_SINK.replace("tables:", "scan.startup.mode: earliest\n  tables:"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:4: invalid value 'earliest' for key 'scan.startup.mode' in source (test-source):"
                        + " expected one of INITIAL, LATEST_OFFSET.");
    }

    @Test
    void badDurationAndMemorySizeSayWhatIsExpected() {
        assertError(SOURCE_AND_SINK.replace("tables:", "connect.timeout: 5 parsecs\n  tables:"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:4: invalid value '5 parsecs' for key 'connect.timeout' in source (test-source):"
                        + " expected a duration such as 500 ms, 30 s or 5 min.");
        assertError(SOURCE_AND_SINK + "  buffer.size: lots\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:8: invalid value 'lots' for key 'buffer.size' in sink (test-sink): expected a memory size");
    }

    @Test
    void listValueIsRefused() {
        assertError(SOURCE_AND_SINK.replace("tables: appdb.public.\\.*", "tables: [a, b]"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:4: key 'tables' in source (test-source) must be a single value, not a list.");
    }

    @Test
    void emptyValueIsRefused() {
        assertError(SOURCE_AND_SINK.replace("hostname: 127.0.0.1", "hostname:"), ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:3: key 'hostname' in source (test-source) has no value.");
    }

    @Test
    void keyGivenTwiceIsRefused() {
        assertError(SOURCE_AND_SINK + "  url: jdbc:postgresql://elsewhere/db\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:8: key 'url' appears twice in sink (first on line 7). Keep one of them.");
    }

    @Test
    void invalidRouteRegexNamesTheProblem() {
        assertError(SOURCE_AND_SINK + """
                route:
                  - source-table: appdb.public.(orders
                    sink-table: public.orders
                """, ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: source-table 'appdb.public.(orders' of route #1 is not a valid regular expression: Unclosed group");
    }

    @Test
    void routeWithoutSinkTableIsAnError() {
        assertError(SOURCE_AND_SINK + "route:\n  - source-table: appdb.public.orders\n", ErrorCode.CONFIG_MISSING_OPTION,
                "pipeline.yaml:9: route #1 is missing the required key 'sink-table'");
    }

    @Test
    void replaceSymbolMissingFromSinkTableIsAnError() {
        assertError(SOURCE_AND_SINK + """
                route:
                  - source-table: appdb.public.\\.*
                    sink-table: public.copy
                    replace-symbol: <>
                """, ErrorCode.CONFIG_INVALID, "pipeline.yaml:11: replace-symbol '<>' of route #1 does not occur in sink-table 'public.copy'");
    }

    @Test
    void pipelineNameWithSpacesIsKeptForDisplayAndGivesASlugIdentifier() {
        PipelineDefinition definition = parse(SOURCE_AND_SINK + "pipeline:\n  name: MySQL to Kafka Pipeline\n");
        assertThat(definition.name()).isEqualTo("MySQL to Kafka Pipeline");
        assertThat(definition.id()).isEqualTo("mysql-to-kafka-pipeline");
    }

    @Test
    void pipelineNameCannotLeaveTheStateDirectory() {
        assertThat(parse(SOURCE_AND_SINK + "pipeline:\n  name: ../etc\n").id()).isEqualTo("etc");
        assertError(SOURCE_AND_SINK + "pipeline:\n  name: ' '\n", ErrorCode.CONFIG_INVALID, "pipeline.yaml:9: pipeline name is empty.");
    }

    @Test
    void routeModeFirstMatchIsAcceptedAndAllMatchRefusedWithWhy() {
        assertThat(parse(SOURCE_AND_SINK + "pipeline:\n  route-mode: FIRST_MATCH\n").name()).isEqualTo("pipeline");
        assertError(SOURCE_AND_SINK + "pipeline:\n  route-mode: ALL_MATCH\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: route-mode ALL_MATCH is not supported: a source table goes to the sink table of the first route that matches it.");
        assertError(SOURCE_AND_SINK + "pipeline:\n  route-mode: SOMETIMES\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: invalid value 'SOMETIMES' for key 'route-mode' in pipeline: expected FIRST_MATCH.");
    }

    @Test
    void parallelismMustBePositive() {
        assertError(SOURCE_AND_SINK + "pipeline:\n  parallelism: 0\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: parallelism in pipeline must be at least 1, was 0.");
        assertError(SOURCE_AND_SINK + "pipeline:\n  parallelism: two\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: invalid value 'two' for key 'parallelism' in pipeline: expected a whole number.");
    }

    @Test
    void knownFlinkKeysAreTypeChecked() {
        assertError(SOURCE_AND_SINK + "pipeline:\n  execution.checkpointing.interval: often\n", ErrorCode.CONFIG_INVALID,
                "pipeline.yaml:9: invalid value 'often' for key 'execution.checkpointing.interval' in pipeline: expected a duration");
    }

    @Test
    void nestedFlinkKeysAreFlattened() {
        PipelineDefinition definition = parse(SOURCE_AND_SINK + """
                pipeline:
                  execution:
                    checkpointing:
                      interval: 10s
                """);

        assertThat(definition.pipelineOptions()).containsEntry("execution.checkpointing.interval", "10s");
    }

    private PipelineDefinition parse(String text) {
        return parser.parse("pipeline.yaml", text);
    }

    private TributaryException parseFailure(String text) {
        try {
            parse(text);
        } catch (TributaryException e) {
            return e;
        }
        throw new AssertionError("expected the pipeline file to be refused:\n" + text);
    }

    private AbstractThrowableAssert<?, ?> assertError(String text, ErrorCode code, String messageStart) {
        TributaryException error = parseFailure(text);
        assertThat(error.code()).as(error.getMessage()).isEqualTo(code);
        return assertThat(error).hasMessageStartingWith(messageStart);
    }
}
