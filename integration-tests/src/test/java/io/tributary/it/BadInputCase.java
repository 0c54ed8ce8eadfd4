package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.TributaryCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One bad input of a pipeline file, tried as a user would: {@code tributary validate} and then
 * {@code tributary run}, in this process. Both must end with {@code exitCode} and an
 * {@code error: [CODE]} line that says each of {@code says} (the connector or option at fault and
 * what to do).
 */
record BadInputCase(String name, String yaml, String code, int exitCode, String... says) {
    /** A case whose file is well-formed, so the failure comes from a server: exit code 1. */
    static BadInputCase refusedByServer(String name, String yaml, String code, String... says) {
        return new BadInputCase(name, yaml, code, 1, says);
    }

    /** A case the connector refuses before connecting: exit code 2. */
    static BadInputCase refusedAsConfiguration(String name, String yaml, String code, String... says) {
        return new BadInputCase(name, yaml, code, 2, says);
    }

    /** Runs validate and run on the case in {@code work}, with {@code environment} for {@code ${VAR}}, and checks both. */
    void assertRefused(Path work, Map<String, String> environment) throws Exception {
        Path file = Files.writeString(work.resolve("pipeline.yaml"), yaml);
        for (String command : List.of("validate", "run")) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new TributaryCli(environment));
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute(command, file.toString(), "--state-dir", work.resolve("state").toString());
            assertThat(exit).as(command + " of '" + name + "': " + err).isEqualTo(exitCode);
            assertThat(err.toString()).as(command + " of '" + name + "'").startsWith("error: [" + code + "] ").contains(says);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
