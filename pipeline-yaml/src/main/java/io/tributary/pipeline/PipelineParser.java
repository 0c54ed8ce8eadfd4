package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.runtime.PipelineDefinition;
import io.tributary.core.runtime.PipelineDefinition.ConnectorDefinition;
import io.tributary.core.runtime.RouteDefinition;
import io.tributary.core.transform.TransformDefinition;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a pipeline file in the Apache Flink CDC 3.x format ({@code source},
 * {@code sink}, {@code route}, {@code transform}, {@code pipeline}) into a {@link PipelineDefinition}.
 *
 * <p>Every value is kept as the string written in the file. {@code ${NAME}} in a value is replaced
 * by the environment variable {@code NAME}; {@code $${} writes a literal {@code ${}. Connector keys
 * are checked against the options of the connector factory that the block's {@code type} names,
 * including their types. Every error is a {@link TributaryException} whose message starts with
 * {@code file:line} and says what to change.
 */
public final class PipelineParser {
    private static final String SOURCE = "source";
    private static final String SINK = "sink";
    private static final String ROUTE = "route";
    private static final String TRANSFORM = "transform";
    private static final String PIPELINE = "pipeline";
    private static final List<String> TOP_LEVEL_KEYS = List.of(SOURCE, SINK, ROUTE, TRANSFORM, PIPELINE);

    private final EnvironmentVariables environment;
    private final ClassLoader functionLoader;

    /** @param environment the variables {@code ${NAME}} may refer to, usually {@code System.getenv()} */
    public PipelineParser(Map<String, String> environment) {
        this(environment, PipelineParser.class.getClassLoader());
    }

    /**
     * @param environment the variables {@code ${NAME}} may refer to, usually {@code System.getenv()}
     * @param functionLoader where the classes of the file's user-defined functions are looked for
     */
    public PipelineParser(Map<String, String> environment, ClassLoader functionLoader) {
        this.environment = new EnvironmentVariables(requireNonNull(environment, "environment is null"));
        this.functionLoader = requireNonNull(functionLoader, "functionLoader is null");
    }

    /**
     * Reads and parses a pipeline file (UTF-8). Messages name the file as given.
     *
     * @throws TributaryException when the file cannot be read or is not a valid pipeline
     */
    public PipelineDefinition parse(Path file) {
        return parseForValidation(file).definition();
    }

    /**
     * A parsed file with what checking it against the source's tables needs beyond the
     * definition: where each transform key was written.
     *
     * @param transformCheck checks the transforms against the schemas of the tables the source discovers
     */
    public record ParsedPipeline(PipelineDefinition definition, TransformSchemaCheck transformCheck) {
        public ParsedPipeline {
            requireNonNull(definition, "definition is null");
            requireNonNull(transformCheck, "transformCheck is null");
        }
    }

    /**
     * Reads and parses a pipeline file like {@link #parse(Path)}, keeping the lines of its
     * transform entries for {@link TransformSchemaCheck}.
     *
     * @throws TributaryException when the file cannot be read or is not a valid pipeline
     */
    public ParsedPipeline parseForValidation(Path file) {
        requireNonNull(file, "file is null");
        if (Files.isDirectory(file)) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Pipeline file " + file + " is a directory. Give the pipeline file itself (e.g. "
                    + file.resolve("pipeline.yaml") + ").");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Pipeline file " + file + " does not exist. Check the path.", e);
        } catch (CharacterCodingException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Pipeline file " + file + " is not UTF-8 text. Save it as UTF-8.", e);
        } catch (IOException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Cannot read pipeline file " + file + ": " + e.getMessage()
                    + ". Check that it is a readable file.", e);
        }
        return parseText(file.toString(), text);
    }

    /**
     * Parses pipeline text.
     *
     * @param fileName the name messages use; without a {@code pipeline.name}, the pipeline is named
     *     after it (last path segment, without extension)
     * @throws TributaryException when the text is not a valid pipeline
     */
    public PipelineDefinition parse(String fileName, String text) {
        return parseText(fileName, text).definition();
    }

    private ParsedPipeline parseText(String fileName, String text) {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(text, "text is null");
        YamlMapping root = YamlDocument.parse(fileName, text);
        for (YamlEntry entry : root.entries()) {
            if (!TOP_LEVEL_KEYS.contains(entry.key())) {
                throw entry.line().error(ErrorCode.CONFIG_UNKNOWN_OPTION,
                        "unknown top-level key '" + entry.key() + "'. " + KeySuggestion.hint(entry.key(), TOP_LEVEL_KEYS));
            }
        }
        ValueReader values = new ValueReader(fileName, environment);
        FileLine fileStart = new FileLine(fileName, 1);
        ConnectorBlockParser connectors = new ConnectorBlockParser(fileName, values);
        ConnectorDefinition source = connectors.parse(ConnectorRole.SOURCE, required(root, SOURCE, fileStart));
        ConnectorDefinition sink = connectors.parse(ConnectorRole.SINK, required(root, SINK, fileStart));
        List<RouteDefinition> routes = root.entry(ROUTE).map(new RouteBlockParser(fileName, values)::parse).orElse(List.of());
        FunctionBlockParser.Functions functions = new FunctionBlockParser(fileName, values, functionLoader).parse(root.entry(PIPELINE));
        List<TransformBlockParser.Parsed> transforms = root.entry(TRANSFORM).map(new TransformBlockParser(fileName, values, functions.loaded())::parse)
                .orElse(List.of());
        PipelineBlock pipeline = new PipelineBlockParser(values).parse(root.entry(PIPELINE), defaultName(fileName), fileStart);
        List<TransformDefinition> definitions = transforms.stream().map(TransformBlockParser.Parsed::definition).toList();
        return new ParsedPipeline(new PipelineDefinition(pipeline.name(), source, sink, routes, pipeline.options(), definitions,
                functions.definitions()), new TransformSchemaCheck(transforms, functions.loaded()));
    }

    private static YamlEntry required(YamlMapping root, String key, FileLine fileStart) {
        return root.entry(key).orElseThrow(() -> fileStart.error(ErrorCode.CONFIG_MISSING_OPTION,
                "the file has no '" + key + "' block. Add one with at least '" + key + ":' and an indented 'type: ...' line."));
    }

    /** {@code conf/appdb.yaml} names the pipeline {@code appdb}. */
    static String defaultName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
