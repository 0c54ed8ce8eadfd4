package io.tributary.cli.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's peak resident set size, as Linux keeps it ({@code VmHWM} in {@code /proc/PID/status}):
 * what the kernel charged the process at its highest, heap and everything off it. Absent where
 * there is no {@code /proc}.
 */
public final class ResidentSetPeak {
    private ResidentSetPeak() {}

    /**
     * Starts a new peak for this process at its current resident set, so that the next reading
     * covers one run only.
     *
     * @return false where the system does not allow it: the peak then counts from the process's start
     */
    public static boolean resetForThisProcess() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    public static OptionalLong ofThisProcess() {
        return of(ProcessHandle.current().pid());
    }

    /** The peak resident set of process {@code pid} in bytes, while it runs. */
    public static OptionalLong of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip()) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
    }
}
