package io.tributary.cli;

import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Moves the log of a command from the console, where log4j2.properties sends it, to where the
 * command line asks: a file, and on the terminal only the records at or above a level, written
 * through a stream of the caller's (one that keeps a status line below them).
 */
final class LogDestinations {
    private static final String FILE_APPENDER = "tributary-log-file";
    private static final String TERMINAL_APPENDER = "tributary-terminal";

    private LogDestinations() {}

    /**
     * @param file where every record goes, if anywhere beyond the terminal (created with its directories on the first record)
     * @param terminal the stream that replaces the console's, if any
     * @param terminalLevel the least level the terminal (or the console) still shows
     */
    static void route(Optional<Path> file, Optional<OutputStream> terminal, Level terminalLevel) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return; // another logging back end: it keeps its own configuration
        }
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        Optional<Appender> console = root.getAppenders().values().stream().filter(ConsoleAppender.class::isInstance).findFirst();
        Layout<? extends Serializable> layout = console.filter(AbstractAppender.class::isInstance)
                .<Layout<? extends Serializable>>map(a -> ((AbstractAppender) a).getLayout())
                .orElseGet(PatternLayout::createDefaultLayout);
        file.ifPresent(path -> {
            FileAppender appender = FileAppender.newBuilder().setName(FILE_APPENDER).withFileName(path.toString()).withAppend(true)
                    .withCreateOnDemand(true).setLayout(layout).setConfiguration(configuration).build();
            appender.start();
            configuration.addAppender(appender);
            root.addAppender(appender, null, null);
        });
        console.ifPresent(appender -> root.removeAppender(appender.getName()));
        if (terminal.isPresent()) {
            OutputStreamAppender appender = OutputStreamAppender.newBuilder().setName(TERMINAL_APPENDER).setTarget(terminal.get())
                    .setLayout(layout).setConfiguration(configuration).build();
            appender.start();
            configuration.addAppender(appender);
            root.addAppender(appender, terminalLevel, null);
        } else {
            console.ifPresent(appender -> root.addAppender(appender, terminalLevel, null));
        }
        context.updateLoggers();
    }
}
