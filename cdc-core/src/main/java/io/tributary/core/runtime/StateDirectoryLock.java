package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a pipeline run holds on its state directory ({@code tributary.lock}, holding the pid),
 * so that a second run, or a {@code drop}, cannot use the directory while it runs. The operating
 * system releases it when the process ends, however it ends.
 */
public final class StateDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "tributary.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code state}, creating it if needed.
     *
     * @throws TributaryException (STATE_IN_USE) when another process holds it
     */
    public static StateDirectoryLock acquire(Path state) {
        requireNonNull(state, "state is null");
        Path file = state.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(state);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new TributaryException(ErrorCode.STATE_IN_USE, "The pipeline with state directory " + state + " is running"
                        + (holder.isEmpty() ? "" : " (process " + holder + ")") + ". Stop it first (Ctrl-C or SIGTERM), or give this command"
                        + " the state directory of another pipeline with --state-dir.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new StateDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new TributaryException(ErrorCode.CONFIG_INVALID, "Cannot lock the state directory " + state + " (" + e.getMessage()
                    + "). Check that it is a local directory this user can write.", e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException alreadyGone) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }
}
