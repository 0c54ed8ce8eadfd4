package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import io.tributary.core.spi.PipelineNames;
import io.tributary.core.transform.TransformDefinition;
import io.tributary.core.transform.expression.UserFunctionDefinition;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated pipeline file. Option values are strings exactly as written (after
 * {@code ${VAR}} substitution); connectors parse them through their typed options.
 *
 * @param name the pipeline's name ({@code pipeline.name}), any text; {@link #id()} is its identifier
 * @param source the {@code source} block
 * @param sink the {@code sink} block
 * @param routes the {@code route} entries in file order
 * @param pipelineOptions the {@code pipeline} block, including Flink configuration keys
 * @param transforms the {@code transform} entries in file order
 * @param functions the functions transforms may call ({@code pipeline.user-defined-function} and {@code pipeline.model})
 */
public record PipelineDefinition(String name, ConnectorDefinition source, ConnectorDefinition sink, List<RouteDefinition> routes, Map<String, String> pipelineOptions,
        List<TransformDefinition> transforms, List<UserFunctionDefinition> functions) {
    public PipelineDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(sink, "sink is null");
        routes = List.copyOf(requireNonNull(routes, "routes is null"));
        pipelineOptions = Map.copyOf(requireNonNull(pipelineOptions, "pipelineOptions is null"));
        transforms = List.copyOf(requireNonNull(transforms, "transforms is null"));
        functions = List.copyOf(requireNonNull(functions, "functions is null"));
    }

    /** A pipeline without declared functions. */
    public PipelineDefinition(String name, ConnectorDefinition source, ConnectorDefinition sink, List<RouteDefinition> routes, Map<String, String> pipelineOptions,
            List<TransformDefinition> transforms) {
        this(name, source, sink, routes, pipelineOptions, transforms, List.of());
    }

    /** A pipeline without transforms. */
    public PipelineDefinition(String name, ConnectorDefinition source, ConnectorDefinition sink, List<RouteDefinition> routes, Map<String, String> pipelineOptions) {
        this(name, source, sink, routes, pipelineOptions, List.of());
    }

    /** The name as an identifier (state directory, topic and transactional-id names); see {@link PipelineNames}. */
    public String id() {
        return PipelineNames.identifier(name);
    }

    /** A {@code source} or {@code sink} block: its type and its other keys. */
    public record ConnectorDefinition(String type, Map<String, String> options) {
        public ConnectorDefinition {
            requireNonNull(type, "type is null");
            options = Map.copyOf(requireNonNull(options, "options is null"));
        }
    }
}
