package io.tributary.pipeline;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/** Turns pipeline file text into its top-level mapping, with YAML syntax errors located in the file. */
final class YamlDocument {
    private YamlDocument() {}

    /**
     * Composes the text into YAML nodes, which keep the line of every key and value.
     *
     * @throws TributaryException (CONFIG_INVALID) for malformed YAML, an empty file, or a file
     *     whose top level is not a mapping
     */
    static YamlMapping parse(String file, String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw malformed(file, e);
        } catch (ReaderException e) {
            throw unreadableCharacter(file, text, e);
        } catch (YAMLException e) {
            throw new TributaryException(ErrorCode.CONFIG_INVALID, file + ": not valid YAML: " + e.getMessage() + ". Fix the file's syntax.", e);
        }
        if (root == null || YamlNodes.isNull(root)) {
            throw new FileLine(file, 1).error(ErrorCode.CONFIG_INVALID, "the pipeline file is empty. It needs at least a source and a sink block.");
        }
        return YamlMapping.of(file, root, "the top level of the file");
    }

    /** A character YAML does not allow (a control character, binary data): say where and which. */
    private static TributaryException unreadableCharacter(String file, String text, ReaderException e) {
        int offset = text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length())));
        int line = 1 + (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
        return new FileLine(file, line).error(ErrorCode.CONFIG_INVALID, "not valid YAML: character U+" + String.format("%04X", e.getCodePoint())
                + " is not allowed in a YAML file. Is this the pipeline file? Remove the character, or save the file as UTF-8 text.", e);
    }

    private static TributaryException malformed(String file, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder message = new StringBuilder(file);
        if (mark != null) {
            message.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
        }
        message.append(": malformed YAML: ").append(e.getProblem());
        Mark context = e.getContextMark();
        if (e.getContext() != null && context != null) {
            message.append(" (").append(e.getContext()).append(" at line ").append(context.getLine() + 1).append(')');
        }
        message.append(". Fix the syntax at this position (indent with spaces, put a space after ':', quote values with special characters).");
        String snippet = mark == null ? "" : mark.get_snippet(4, 100);
        if (!snippet.replace("^", "").isBlank()) {
            message.append('\n').append(snippet);
        }
        return new TributaryException(ErrorCode.CONFIG_INVALID, message.toString(), e);
    }
}
