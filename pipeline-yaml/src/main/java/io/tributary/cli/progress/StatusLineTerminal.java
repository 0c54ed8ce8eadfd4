package io.tributary.cli.progress;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A terminal with one status line kept at its bottom: {@link #show} redraws that line in place,
 * and whatever else is written through {@link #above} appears above it, whole lines at a time,
 * never in the middle of it.
 */
public final class StatusLineTerminal implements AutoCloseable {
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintStream terminal;
    private final int width;
    private String line = "";
    private boolean atLineStart = true;
    private boolean closed;

    /** {@code width}: the terminal's columns; a longer status line is cut, as a wrapped one could not be redrawn in place. */
    public StatusLineTerminal(PrintStream terminal, int width) {
        this.terminal = requireNonNull(terminal, "terminal is null");
        this.width = Math.max(20, width);
    }

    /** Shows {@code status} as the status line, in place of the previous one. */
    public synchronized void show(String status) {
        if (closed) {
            return;
        }
        line = status.length() < width ? status : status.substring(0, width - 4) + "...";
        if (atLineStart) {
            terminal.print(ERASE_LINE + line);
            terminal.flush();
        }
    }

    /** A stream whose lines appear above the status line (it is erased, the line written, and it is drawn again). */
    public OutputStream above(OutputStream target) {
        requireNonNull(target, "target is null");
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                writeAbove(target, bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }
        };
    }

    private synchronized void writeAbove(OutputStream target, byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        boolean statusShown = !closed && !line.isEmpty();
        if (statusShown && atLineStart) {
            terminal.print(ERASE_LINE);
            terminal.flush();
        }
        target.write(bytes, offset, length);
        target.flush();
        atLineStart = bytes[offset + length - 1] == '\n';
        if (statusShown && atLineStart) {
            terminal.print(line);
            terminal.flush();
        }
    }

    /** Leaves the last status line on the screen and moves below it; later output is plain. */
    @Override
    public synchronized void close() {
        if (!closed && !line.isEmpty() && atLineStart) {
            terminal.print("\n");
            terminal.flush();
        }
        closed = true;
    }

    /** The columns of the terminal: $COLUMNS when exported, else what {@code stty size} says, else 80. */
    public static int columns() {
        String columns = System.getenv("COLUMNS");
        try {
            if (columns != null) {
                return Integer.parseInt(columns.trim());
            }
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            stty.waitFor();
            return Integer.parseInt(size.substring(size.indexOf(' ') + 1));
        } catch (IOException | RuntimeException e) {
            return 80;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 80;
        }
    }
}
