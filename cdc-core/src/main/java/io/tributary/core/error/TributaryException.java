package io.tributary.core.error;

import static java.util.Objects.requireNonNull;

/**
 * A failure the user can act on. The message says what happened and what to do about it; the
 * code lets scripts and tests tell failures apart.
 */
public class TributaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TributaryException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public TributaryException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** The message as the CLI prints it: {@code [CODE] message}. */
    public String describe() {
        return "[" + code + "] " + getMessage();
    }

    /**
     * A checkpoint or savepoint holds {@code what} in serializer version {@code version}, which
     * this release cannot read: it was written by a newer release.
     */
    public static TributaryException unknownStateVersion(String what, int version) {
        return new TributaryException(ErrorCode.STATE_INCOMPATIBLE, "The pipeline's saved state holds " + what + " in format version " + version
                + ", which this release of Tributary cannot read: it was written by a newer release. Run the pipeline with that release (or newer), "
                + "or start it afresh with a new --state-dir (it then snapshots again).");
    }

    /** Finds the first {@link TributaryException} in a cause chain, if any. */
    public static java.util.Optional<TributaryException> findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TributaryException e) {
                return java.util.Optional.of(e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return java.util.Optional.empty();
    }
}
