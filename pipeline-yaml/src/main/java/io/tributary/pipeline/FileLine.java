package io.tributary.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import org.yaml.snakeyaml.nodes.Node;

/** A line of a pipeline file; every message about the file starts with it ({@code pipeline.yaml:7}). */
record FileLine(String file, int line) {
    FileLine {
        requireNonNull(file, "file is null");
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1, was " + line);
        }
    }

    /** The line on which {@code node} starts. */
    static FileLine of(String file, Node node) {
        return new FileLine(file, node.getStartMark().getLine() + 1);
    }

    /** An exception whose message is {@code file:line: message}. */
    TributaryException error(ErrorCode code, String message) {
        return new TributaryException(code, this + ": " + message);
    }

    TributaryException error(ErrorCode code, String message, Throwable cause) {
        return new TributaryException(code, this + ": " + message, cause);
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
