package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.schema.SchemaChangeFilter;
import io.tributary.core.spi.ConnectorFactories;
import io.tributary.core.spi.InertOptionNotes;
import io.tributary.core.spi.PipelineContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flink CDC users' pipeline files (see {@code src/test/resources/flink-cdc-corpus/README.md}): the
 * parser {@code tributary validate} runs must accept each, refusing only a connector Tributary
 * does not have, with a message naming the installed ones; the same file with that block replaced
 * by the {@code values} sink must then be accepted. An accepted file's connector blocks must also
 * be accepted by their connectors' option classes (which connect to nothing).
 */
class FlinkCdcCorpusTest {
    private static final String CORPUS = "flink-cdc-corpus";

    /**
     * What Tributary does not accept yet, by file, with the start of the exact refusal (after
     * {@code file:line: }). Whoever adds the feature removes its entries: the test fails while a
     * listed file is accepted, so that the list shrinks with the features.
     */
    static final Map<String, String> NOT_YET_ACCEPTED = Map.of();

    /** Documentation examples that Flink CDC itself refuses as written, with the start of Tributary's refusal. */
    static final Map<String, String> REFUSED_BY_FLINK_CDC_TOO = Map.of(
            // Its example writes 'host'; the MySQL source's key is 'hostname' in Flink CDC too.
            "docs/data-source-mysql.yaml", "unknown key 'host' in source (mysql). Did you mean 'hostname'?",
            // Its transform calls inc, which the file does not declare (it declares addone, format and
            // query_redis); Flink CDC's validator finds no function INC either.
            "docs/transform-udf.yaml", "key 'projection' in transform #1: projection item 'inc(inc(inc(id))) AS inc_id': unknown function INC",
            "docs/transform-model.yaml", "key 'projection' in transform #1: projection item 'inc(inc(inc(id))) AS inc_id': unknown function INC");

    /** Connectors of Flink CDC that Tributary does not have. */
    private static final Set<String> MISSING_CONNECTORS = Set.of("doris", "starrocks", "fluss", "paimon", "iceberg", "elasticsearch");

    private static final Pattern TYPE = Pattern.compile("(?m)^(source|sink):\\s*\\n(?:[ \\t]+.*\\n|\\s*\\n)*?[ \\t]+type:\\s*(\\S+)");

    private final PipelineParser parser = new PipelineParser(Map.of());

    static Stream<String> corpus() throws IOException, URISyntaxException {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            List<String> names = files.filter(file -> file.toString().endsWith(".yaml")).map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
            assertThat(names).as("the corpus").hasSizeGreaterThan(20);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAcceptedOrRefusedOnlyForWhatTributaryLacks(String name) throws Exception {
        String text = Files.readString(root().resolve(name), StandardCharsets.UTF_8);
        Optional<String> missing = missingConnector(text);
        if (missing.isPresent()) {
            TributaryException refusal = refusal(name, text);
            String listed = NOT_YET_ACCEPTED.get(name);
            if (listed == null || !refusal.getMessage().contains(listed)) {
                assertThat(refusal.code()).as(refusal.getMessage()).isEqualTo(ErrorCode.CONNECTOR_UNKNOWN);
                assertThat(refusal.getMessage()).contains("'" + missing.get() + "'").containsPattern("Available (source|sink) types: .*values")
                        .contains("jdbc").contains("kafka");
            }
            text = withValuesSink(text);
        }
        check(name, text);
    }

    @Test
    void optionsWithoutEffectAreAcceptedWithOneLineSayingWhy() throws Exception {
        PipelineDefinition mysql = parser.parse(root().resolve("options/mysql-source.yaml"));
        List<String> notes = InertOptionNotes.of(ConnectorFactories.source("mysql"), mysql.source().options(), "source (mysql)");
        assertThat(notes).anySatisfy(note -> assertThat(note).startsWith("Option 'chunk-meta.group.size' in source (mysql) has no effect: "))
                .anySatisfy(note -> assertThat(note).isEqualTo("Options [debezium.binary.handling.mode, debezium.snapshot.mode] in source (mysql) "
                        + "have no effect: this source reads the log with mysql-binlog-connector-java, not Debezium's engine, so Debezium "
                        + "properties do not apply. Use the source's own options (see its README)."))
                .noneSatisfy(note -> assertThat(note).contains("'treat-tinyint1-as-boolean.enabled'", "'jdbc.properties"));
        PipelineDefinition postgres = parser.parse(root().resolve("options/postgres-source.yaml"));
        assertThat(InertOptionNotes.of(ConnectorFactories.source("postgres"), postgres.source().options(), "source (postgres)"))
                .anySatisfy(note -> assertThat(note).startsWith("Option 'connection.pool.size' in source (postgres) has no effect: "));
    }

    private void check(String name, String text) {
        String expected = NOT_YET_ACCEPTED.getOrDefault(name, REFUSED_BY_FLINK_CDC_TOO.get(name));
        if (expected != null) {
            TributaryException refusal = refusal(name, text);
            assertThat(refusal.getMessage()).as("the refusal listed for " + name).matches("(?s)" + Pattern.quote(name) + ":\\d+: "
                    + Pattern.quote(expected) + ".*");
            return;
        }
        PipelineDefinition definition;
        try {
            definition = parser.parse(name, text);
        } catch (TributaryException e) {
            throw new AssertionError(name + " is refused: " + e.getMessage(), e);
        }
        PipelineContext context = new PipelineContext(definition.name(), 1);
        ConnectorDefinition source = definition.source();
        ConnectorFactories.source(source.type()).createSource(Configuration.fromMap(source.options()), context);
        ConnectorDefinition sink = definition.sink();
        ConnectorFactories.sink(sink.type()).createSink(Configuration.fromMap(SchemaChangeFilter.withoutTagLists(sink.options())), context);
    }

    private TributaryException refusal(String name, String text) {
        try {
            parser.parse(name, text);
        } catch (TributaryException e) {
            return e;
        }
        return fail(name + " is accepted now: remove its entry from FlinkCdcCorpusTest's lists of refusals.");
    }

    private static Optional<String> missingConnector(String text) {
        Matcher type = TYPE.matcher(text);
        while (type.find()) {
            if (MISSING_CONNECTORS.contains(type.group(2))) {
                return Optional.of(type.group(2));
            }
        }
        return Optional.empty();
    }

    /** The file with its (missing) sink block replaced by {@code type: values}. */
    private static String withValuesSink(String text) {
        List<String> lines = new ArrayList<>();
        boolean inSink = false;
        for (String line : text.split("\n", -1)) {
            if (line.matches("^\\S.*")) {
                inSink = line.startsWith("sink:");
                if (inSink) {
                    lines.add("sink:");
                    lines.add("  type: values");
                    continue;
                }
            }
            if (!inSink) {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }

    private static Path root() throws URISyntaxException {
        return Path.of(FlinkCdcCorpusTest.class.getClassLoader().getResource(CORPUS).toURI());
    }
}
