package io.tributary.cli;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;

/** The process exit codes of {@code tributary}; {@link TributaryCli} documents them for users. */
final class ExitCodes {
    static final int OK = 0;
    /** Validating or running failed although the pipeline file is well-formed. */
    static final int FAILED = 1;
    /** The command line or the pipeline file is wrong; picocli uses the same code for usage errors. */
    static final int USAGE = 2;

    private ExitCodes() {}

    static int of(TributaryException failure) {
        ErrorCode code = failure.code();
        return code.name().startsWith("CONFIG_") || code == ErrorCode.CONNECTOR_UNKNOWN ? USAGE : FAILED;
    }
}
