package io.tributary.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusLineTerminalTest {
    @Test
    void writesLinesAboveTheStatusLineAndDrawsItAgainBelowThem() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        StatusLineTerminal terminal = new StatusLineTerminal(new PrintStream(screen, true, StandardCharsets.UTF_8), 80);
        OutputStream log = terminal.above(screen);

        terminal.show("p | snapshot | tables 0/2");
        log.write("2026-12-03 WARN a record\n".getBytes(StandardCharsets.UTF_8));
        terminal.show("p | snapshot | tables 1/2");
        terminal.close();

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\r\033[Kp | snapshot | tables 0/2"
                        + "\r\033[K2026-12-03 WARN a record\n" + "p | snapshot | tables 0/2"
                        + "\r\033[Kp | snapshot | tables 1/2"
                        + "\n");
    }

    @Test
    void waitsForTheEndOfAPartlyWrittenLineAndCutsAStatusLineWiderThanTheTerminal() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        StatusLineTerminal terminal = new StatusLineTerminal(new PrintStream(screen, true, StandardCharsets.UTF_8), 20);
        OutputStream out = terminal.above(screen);

        terminal.show("p | streaming | lag 0.1 s | 12 events/s");
        out.write("half ".getBytes(StandardCharsets.UTF_8));
        terminal.show("not drawn in the middle of a line");
        out.write("a line\n".getBytes(StandardCharsets.UTF_8));

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\r\033[Kp | streaming | ..."
                        + "\r\033[Khalf " + "a line\n" + "not drawn in the...");
    }
}
