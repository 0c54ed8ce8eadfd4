package io.tributary.cli;

import io.tributary.core.error.TributaryException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --verbose} option, and how a command reports a failure on stderr. */
final class FailureReporter {
    @Option(names = "--verbose", description = "Also print the stack trace of an error; run and demo also show their whole log on the terminal.")
    private boolean verbose;

    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }

    /**
     * Prints {@code error: [CODE] message} (the stack trace too with {@code --verbose}).
     *
     * @return the exit code for the failure
     */
    int report(Throwable failure, PrintWriter err) {
        Optional<TributaryException> known = TributaryException.findIn(failure);
        int exitCode;
        if (known.isPresent()) {
            err.println("error: " + known.get().describe());
            exitCode = ExitCodes.of(known.get());
        } else {
            err.println("error: unexpected failure: " + failure
                    + (verbose ? "" : " (run again with --verbose for the stack trace, and report it as a bug)"));
            exitCode = ExitCodes.FAILED;
        }
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }
}
