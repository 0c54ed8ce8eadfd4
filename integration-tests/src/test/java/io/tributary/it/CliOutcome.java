package io.tributary.it;

import io.tributary.cli.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** What {@code tributary ARGS...} run in this process ended with and printed. */
record CliOutcome(int exitCode, String out, String err) {
    /** Runs the command line with {@code environment} for {@code ${VAR}}. */
    static CliOutcome execute(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TributaryCli(environment));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliOutcome(exit, out.toString(), err.toString());
    }
}
