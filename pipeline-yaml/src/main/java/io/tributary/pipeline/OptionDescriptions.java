package io.tributary.pipeline;

import java.util.EnumSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;

/** Renders a Flink option's description as one line of plain text for error messages. */
final class OptionDescriptions extends Formatter {
    static String of(ConfigOption<?> option) {
        return new OptionDescriptions().format(option.description()).strip();
    }

    @Override
    protected void formatLink(StringBuilder state, String link, String description) {
        state.append(description).append(" (").append(link).append(')');
    }

    @Override
    protected void formatLineBreak(StringBuilder state) {
        state.append(' ');
    }

    @Override
    protected void formatText(StringBuilder state, String format, String[] elements, EnumSet<TextElement.TextStyle> styles) {
        // Plain text has no placeholders; formatting it could trip over a literal '%'.
        state.append(elements.length == 0 ? format : String.format(format, (Object[]) elements));
    }

    @Override
    protected void formatList(StringBuilder state, String[] entries) {
        state.append(String.join("; ", entries));
    }

    @Override
    protected Formatter newInstance() {
        return new OptionDescriptions();
    }
}
