package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Bad pipeline files and command lines, each given to both {@code validate} and {@code run} as a
 * user would: each must be refused before anything connects, with exit code 2, an
 * {@code error: [CODE]} line that names the file and line (or the connector and option) and says
 * what to do. The connectors are the real ones ({@code postgres}, {@code jdbc}, {@code kafka}),
 * pointed at a port where nothing listens, so a file that wrongly passed would fail differently.
 */
class BadPipelineFileTest {
    private static final String GOOD = """
            source:
              type: postgres
              hostname: 127.0.0.1
              port: 1
              username: cdc
              password: secret
              tables: appdb.public.orders
              slot.name: bad_input
            sink:
              type: jdbc
              url: jdbc:postgresql://127.0.0.1:1/replica
              username: writer
              password: secret
            route:
              - source-table: appdb.public.orders
                sink-table: public.orders_copy
            pipeline:
              name: bad-input
              parallelism: 1
            """;

    private static final String KAFKA_SINK = """
            sink:
              type: kafka
              properties.bootstrap.servers: 127.0.0.1:1
            """;

    @TempDir
    Path work;

    /** A bad input: the file text (or a change of the good one), the error code, and what the message must say. */
    record Case(String name, String yaml, String code, String... says) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case change(String name, UnaryOperator<String> edit, String code, String... says) {
        String yaml = edit.apply(GOOD);
        if (yaml.equals(GOOD)) {
            throw new IllegalArgumentException("case '" + name + "' does not change the file");
        }
        return new Case(name, yaml, code, says);
    }

    private static UnaryOperator<String> replace(String from, String to) {
        return yaml -> yaml.replace(from, to);
    }

    private static String withKafkaSink(String sinkLines) {
        String base = GOOD.substring(0, GOOD.indexOf("sink:")) + KAFKA_SINK + sinkLines + GOOD.substring(GOOD.indexOf("route:"));
        return base;
    }

    static Stream<Case> badFiles() {
        List<Case> cases = new ArrayList<>();
        // The file as a whole
        cases.add(new Case("empty file", "", "CONFIG_INVALID", ":1:", "empty", "source and a sink"));
        cases.add(new Case("only comments", "# source: later\n\n", "CONFIG_INVALID", ":1:", "empty"));
        cases.add(new Case("garbage, not YAML", "\u0001\u0002 }{ ][ :::\n", "CONFIG_INVALID", ":1:", "U+0001", "not allowed"));
        cases.add(new Case("plain text at top level", "copy my tables please\n", "CONFIG_INVALID", ":1:", "must be a mapping", "not a single value"));
        cases.add(new Case("list at top level", "- source\n- sink\n", "CONFIG_INVALID", ":1:", "must be a mapping", "not a list"));
        cases.add(change("unclosed bracket", replace("hostname: 127.0.0.1", "hostname: [127.0.0.1"), "CONFIG_INVALID", "malformed YAML", "Fix the syntax"));
        cases.add(change("unclosed quote", replace("username: cdc", "username: \"cdc"), "CONFIG_INVALID", "malformed YAML"));
        cases.add(change("tab indentation", replace("  port: 1\n", "\tport: 1\n"), "CONFIG_INVALID", ":4:", "malformed YAML", "TAB", "indent with spaces"));
        cases.add(change("key without space after colon", replace("port: 1", "port:1"), "CONFIG_INVALID", ":3:", "indent with spaces", "space after ':'"));
        cases.add(change("duplicate top-level block", yaml -> yaml + "source:\n  type: mysql\n", "CONFIG_INVALID", ":20:", "'source' appears twice", "line 1"));
        cases.add(change("duplicate key in a block", replace("  port: 1\n", "  port: 1\n  port: 2\n"), "CONFIG_INVALID", ":5:", "'port' appears twice", "Keep one"));
        // Blocks and keys
        cases.add(change("unknown top-level key", replace("pipeline:", "pipline:"), "CONFIG_UNKNOWN_OPTION", ":17:", "pipline", "Did you mean 'pipeline'?"));
        cases.add(change("unknown source key", replace("hostname:", "hostnme:"), "CONFIG_UNKNOWN_OPTION", ":3:", "source (postgres)", "Did you mean 'hostname'?"));
        cases.add(change("unknown sink key", replace("url:", "uri:"), "CONFIG_UNKNOWN_OPTION", ":11:", "sink (jdbc)", "Did you mean 'url'?"));
        cases.add(change("unknown route key", replace("sink-table:", "sink-tabel:"), "CONFIG_UNKNOWN_OPTION", ":16:", "route #1", "Did you mean 'sink-table'?"));
        cases.add(change("unknown pipeline key", replace("parallelism: 1", "paralelism: 1"), "CONFIG_UNKNOWN_OPTION", ":19:", "Did you mean 'parallelism'?"));
        cases.add(change("missing source block", yaml -> yaml.substring(yaml.indexOf("sink:")), "CONFIG_MISSING_OPTION", ":1:", "no 'source' block"));
        cases.add(change("missing sink block", yaml -> yaml.substring(0, yaml.indexOf("sink:")) + yaml.substring(yaml.indexOf("route:")),
                "CONFIG_MISSING_OPTION", ":1:", "no 'sink' block"));
        cases.add(change("source block is a single value", yaml -> "source: postgres\n" + yaml.substring(yaml.indexOf("sink:")), "CONFIG_INVALID", ":1:",
                "source must be a mapping"));
        cases.add(change("connector without type", replace("  type: postgres\n", ""), "CONFIG_MISSING_OPTION", ":1:", "source has no 'type'", "postgres"));
        cases.add(change("unknown connector type", replace("type: postgres", "type: postgress"), "CONNECTOR_UNKNOWN", ":2:", "postgress", "postgres"));
        cases.add(change("missing required option", replace("  tables: appdb.public.orders\n", ""), "CONFIG_MISSING_OPTION", ":1:", "source (postgres)",
                "'tables'", "Add 'tables: ...'"));
        cases.add(change("missing sink url", replace("  url: jdbc:postgresql://127.0.0.1:1/replica\n", ""), "CONFIG_MISSING_OPTION", ":9:", "sink (jdbc)", "'url'"));
        cases.add(change("route entry without source-table", replace("  - source-table: appdb.public.orders\n    sink-table:", "  - sink-table:"),
                "CONFIG_MISSING_OPTION", ":15:", "route #1", "'source-table'"));
        cases.add(change("route is not a list", replace("  - source-table: appdb.public.orders\n    sink-table: public.orders_copy",
                "  source-table: appdb.public.orders"), "CONFIG_INVALID", ":14:", "route must be a list"));
        cases.add(change("transform with an unknown function", yaml -> yaml + "transform:\n  - source-table: a.b.c\n    projection: id, FROBNICATE(note) AS x\n",
                "CONFIG_INVALID", ":22:", "unknown function FROBNICATE", "the functions are"));
        cases.add(change("replace-symbol not in sink-table", replace("    sink-table: public.orders_copy", "    sink-table: public.orders_copy\n    replace-symbol: <>"),
                "CONFIG_INVALID", ":17:", "replace-symbol '<>'", "does not occur in sink-table"));
        // Values
        cases.add(change("empty value", replace("hostname: 127.0.0.1", "hostname:"), "CONFIG_INVALID", ":3:", "'hostname'", "has no value"));
        cases.add(change("list where a single value belongs", replace("hostname: 127.0.0.1", "hostname: [a, b]"), "CONFIG_INVALID", ":3:", "single value"));
        cases.add(change("text for a number", replace("port: 1", "port: five"), "CONFIG_INVALID", ":4:", "'five'", "'port'", "a whole number"));
        cases.add(change("port out of range", replace("port: 1", "port: 70000"), "CONFIG_INVALID", "source (postgres)", "'port'", "70000", "65535"));
        cases.add(change("negative port", replace("port: 1", "port: -5"), "CONFIG_INVALID", "source (postgres)", "'port'", "-5", "65535"));
        cases.add(change("number too large for its type", replace("port: 1", "port: 99999999999"), "CONFIG_INVALID", ":4:", "'port'", "a whole number"));
        cases.add(change("zero chunk size", replace("  port: 1\n", "  port: 1\n  scan.incremental.snapshot.chunk.size: 0\n"), "CONFIG_INVALID",
                "source (postgres)", "scan.incremental.snapshot.chunk.size", "at least 1"));
        cases.add(change("bad duration", replace("  port: 1\n", "  port: 1\n  connect.timeout: soon\n"), "CONFIG_INVALID", ":5:", "'soon'",
                "a duration such as"));
        cases.add(change("zero timeout", replace("  port: 1\n", "  port: 1\n  connect.timeout: 0s\n"), "CONFIG_INVALID", "connect.timeout", "positive"));
        cases.add(change("text for a boolean", replace("  port: 1\n", "  port: 1\n  slot.drop-on-stop: sometimes\n"), "CONFIG_INVALID", ":5:",
                "'sometimes'", "true or false"));
        cases.add(change("bad startup mode", replace("  port: 1\n", "  port: 1\n  scan.startup.mode: beginning\n"), "CONFIG_INVALID", "scan.startup.mode",
                "'beginning'", "initial", "latest-offset", "snapshot"));
        cases.add(change("bad slot name", replace("slot.name: bad_input", "slot.name: Bad-Slot!"), "CONFIG_INVALID", "slot.name", "lower-case letters"));
        cases.add(change("unsupported decoding plugin", replace("  port: 1\n", "  port: 1\n  decoding.plugin.name: decoderbufs\n"), "CONFIG_INVALID",
                "decoding.plugin.name", "pgoutput"));
        cases.add(change("zero parallelism", replace("parallelism: 1", "parallelism: 0"), "CONFIG_INVALID", ":19:", "at least 1"));
        cases.add(change("text for parallelism", replace("parallelism: 1", "parallelism: two"), "CONFIG_INVALID", ":19:", "'two'", "a whole number"));
        cases.add(change("bad checkpoint interval", replace("parallelism: 1", "parallelism: 1\n  execution.checkpointing.interval: often"), "CONFIG_INVALID",
                ":20:", "'often'", "a duration such as"));
        cases.add(change("bad schema change behavior", replace("parallelism: 1", "parallelism: 1\n  schema.change.behavior: adapt"), "CONFIG_INVALID",
                ":20:", "'adapt'", "EVOLVE", "TRY_EVOLVE", "IGNORE"));
        cases.add(change("bad time zone", replace("parallelism: 1", "parallelism: 1\n  local-time-zone: Mars/Olympus"), "CONFIG_INVALID", ":20:",
                "Mars/Olympus", "Europe/Berlin"));
        cases.add(new Case("bad Kafka delivery guarantee", withKafkaSink("  sink.delivery-guarantee: twice\n"), "CONFIG_INVALID", ":12:", "'twice'",
                "exactly-once", "at-least-once"));
        cases.add(new Case("bad Kafka value format", withKafkaSink("  value.format: xml\n"), "CONFIG_INVALID", ":12:", "'xml'", "debezium-json"));
        cases.add(new Case("zero Kafka partitions", withKafkaSink("  sink.topic.partitions: 0\n"), "CONFIG_INVALID", "sink (kafka)", "sink.topic.partitions", "1 or more"));
        cases.add(new Case("Kafka sink without brokers", GOOD.substring(0, GOOD.indexOf("sink:")) + "sink:\n  type: kafka\n" + GOOD.substring(GOOD.indexOf("route:")),
                "CONFIG_MISSING_OPTION", "sink (kafka)", "properties.bootstrap.servers"));
        // Regular expressions
        cases.add(change("invalid regex in tables", replace("tables: appdb.public.orders", "tables: appdb.public.(orders"), "CONFIG_INVALID", "tables",
                "(orders", "regular expression"));
        cases.add(change("invalid regex in tables.exclude", replace("  port: 1\n", "  port: 1\n  tables.exclude: appdb.public.[a\n"), "CONFIG_INVALID",
                "tables.exclude", "[a", "regular expression"));
        cases.add(change("invalid regex in a route", replace("source-table: appdb.public.orders", "source-table: appdb.public.*+orders["),
                "CONFIG_INVALID", ":15:", "route #1", "not a valid regular expression"));
        // Environment variables
        cases.add(change("unset variable", replace("password: secret\n  tables", "password: ${PG_PASSWORD}\n  tables"), "CONFIG_UNRESOLVED_VARIABLE", ":6:",
                "PG_PASSWORD", "export PG_PASSWORD="));
        cases.add(change("unclosed variable", replace("password: secret\n  tables", "password: ${PG_PASSWORD\n  tables"), "CONFIG_INVALID", ":6:",
                "without a closing '}'"));
        cases.add(change("invalid variable name", replace("password: secret\n  tables", "password: ${PG-PASSWORD}\n  tables"), "CONFIG_INVALID", ":6:",
                "not a valid environment variable name"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsRefusedByValidateAndRun(Case bad) throws Exception {
        Path file = work.resolve("pipeline.yaml");
        Files.writeString(file, bad.yaml(), StandardCharsets.UTF_8);
        for (String command : List.of("validate", "run")) {
            Outcome outcome = execute(command, file.toString(), "--state-dir", work.resolve("state").toString());
            assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(outcome.err()).as(command).startsWith("error: [" + bad.code() + "] ").contains(bad.says());
            assertThat(outcome.err()).as(command + " names the file and line, or the connector")
                    .satisfiesAnyOf(err -> assertThat(err).containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":\\d+(:\\d+)?: "),
                            err -> assertThat(err).containsPattern("^error: \\[\\w+\\] (source|sink) \\([a-z]+\\): "));
        }
        assertThat(work.resolve("state")).as("nothing written to the state directory").doesNotExist();
    }

    /** A bad command line: the arguments after the command ({@code FILE} is a well-formed file, {@code WORK} a scratch directory) and what stderr must say. */
    record CommandLineCase(String name, List<String> args, String... says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<CommandLineCase> badCommandLines() {
        return Stream.of(
                new CommandLineCase("unknown command", List.of("!valdate", "FILE"), "Unmatched argument", "valdate", "Did you mean", "validate"),
                new CommandLineCase("unknown flag", List.of("FILE", "--stat-dir", "WORK/state"), "Unknown option", "--stat-dir", "Possible solutions: --state-dir"),
                new CommandLineCase("no file given", List.of(), "Missing required parameter", "FILE"),
                new CommandLineCase("file does not exist", List.of("WORK/nothing.yaml"), "[CONFIG_INVALID]", "nothing.yaml does not exist", "Check the path"),
                new CommandLineCase("a directory instead of a file", List.of("WORK"), "[CONFIG_INVALID]", "is a directory", "Give the pipeline file"),
                new CommandLineCase("state directory is a file", List.of("FILE", "--state-dir", "FILE"), "[CONFIG_INVALID]", "--state-dir", "is a file, not a directory"),
                new CommandLineCase("state directory below a file", List.of("FILE", "--state-dir", "FILE/state"), "[CONFIG_INVALID]", "is a file, not a directory"),
                new CommandLineCase("HTTP port out of range", List.of("FILE", "--http-port", "70000", "--state-dir", "WORK/state"), "--http-port"),
                new CommandLineCase("unknown run target", List.of("FILE", "--target", "yarn", "--state-dir", "WORK/state"), "--target"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLineIsRefusedByValidateAndRun(CommandLineCase bad) throws Exception {
        Path file = Files.writeString(work.resolve("pipeline.yaml"), GOOD);
        for (String command : List.of("validate", "run")) {
            List<String> args = new ArrayList<>();
            args.add(bad.args().isEmpty() || !bad.args().get(0).startsWith("!") ? command : bad.args().get(0).substring(1));
            bad.args().stream().filter(arg -> !arg.startsWith("!"))
                    .map(arg -> arg.replace("FILE", file.toString()).replace("WORK", work.toString()))
                    .forEach(args::add);
            Outcome outcome = execute(args.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(outcome.err()).as(command).contains(bad.says());
        }
        assertThat(work.resolve("state")).as("nothing written to the state directory").doesNotExist();
    }

    private record Outcome(int exitCode, String err) {}

    private Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TributaryCli(Map.of()));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), err.toString());
    }
}
