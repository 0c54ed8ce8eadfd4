package io.tributary.cli;

import io.tributary.cli.progress.ProgressReporter;
import io.tributary.cli.progress.StatusLineTerminal;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;

/**
 * How a command that runs a pipeline talks to its user. On a terminal: one live status line at
 * the bottom, the command's own messages above it, and the log in a file (on the terminal too with
 * {@code --verbose}; only errors and warnings otherwise; only errors with {@code --quiet}, which
 * also leaves the status line out). Elsewhere (a pipe, a container's log): the log where it always
 * went, with a progress line in it every 30 seconds.
 */
final class PipelineConsole implements AutoCloseable {
    /** How much the terminal shows. */
    enum Verbosity {
        QUIET,
        NORMAL,
        VERBOSE
    }

    private final Optional<StatusLineTerminal> statusLine;
    private final PrintWriter out;
    private final Optional<Path> logFile;
    private final Duration logInterval;
    private final List<ProgressReporter> reporters = new ArrayList<>();

    private PipelineConsole(Optional<StatusLineTerminal> statusLine, PrintWriter out, Optional<Path> logFile, Duration logInterval) {
        this.statusLine = statusLine;
        this.out = out;
        this.logFile = logFile;
        this.logInterval = logInterval;
    }

    /** Whether this process writes to a terminal (stdin and stdout both are one). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /**
     * Routes the log and sets up the status line.
     *
     * @param commandOut the command's standard output, used as is when there is no status line
     * @param logFile {@code --log-file}, if given
     * @param terminalLogFile where the log goes on a terminal without {@code --log-file}
     * @param logInterval how often the log gets a progress line
     */
    static PipelineConsole open(boolean terminal, Verbosity verbosity, PrintWriter commandOut, Optional<Path> logFile, Path terminalLogFile,
            Duration logInterval) {
        Optional<Path> file = logFile.or(() -> terminal ? Optional.of(terminalLogFile) : Optional.empty()).map(path -> path.toAbsolutePath().normalize());
        Level terminalLevel = switch (verbosity) {
            case QUIET -> Level.ERROR;
            case VERBOSE -> Level.ALL;
            case NORMAL -> file.isPresent() ? Level.WARN : Level.ALL;
        };
        if (terminal && verbosity != Verbosity.QUIET) {
            PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, Charset.defaultCharset());
            StatusLineTerminal statusLine = new StatusLineTerminal(stdout, StatusLineTerminal.columns());
            LogDestinations.route(file, Optional.of(statusLine.above(new FileOutputStream(FileDescriptor.err))), terminalLevel);
            PrintWriter out = new PrintWriter(new OutputStreamWriter(statusLine.above(stdout), Charset.defaultCharset()), true);
            return new PipelineConsole(Optional.of(statusLine), out, file, logInterval);
        }
        if (file.isPresent() || verbosity == Verbosity.QUIET) {
            LogDestinations.route(file, Optional.empty(), terminalLevel);
        }
        return new PipelineConsole(Optional.empty(), commandOut, file, logInterval);
    }

    /** Where the command prints its own messages (above the status line, if there is one). */
    PrintWriter out() {
        return out;
    }

    /** The file the log goes to, if not the console. */
    Optional<Path> logFile() {
        return logFile;
    }

    /** Starts showing the progress of a pipeline whose {@code /status} document {@code statusJson} returns. */
    synchronized void follow(Supplier<String> statusJson) {
        statusLine.ifPresent(terminal -> reporters.add(ProgressReporter.start(statusJson, terminal::show, ProgressReporter.TERMINAL_INTERVAL)));
        reporters.add(ProgressReporter.start(statusJson, ProgressReporter.toLog(), logInterval));
    }

    /** Stops the progress reports; the last status line stays on the screen. */
    @Override
    public synchronized void close() {
        reporters.forEach(ProgressReporter::close);
        reporters.clear();
        statusLine.ifPresent(StatusLineTerminal::close);
        out.flush();
    }
}
