package io.tributary.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.EnumSet;
import org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class FatalFailuresTest {
    @Test
    void pinsWhichCodesNoRestartCanFix() {
        EnumSet<ErrorCode> fatal = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.isFatal()) {
                fatal.add(code);
            }
        }
        assertThat(fatal).containsExactlyInAnyOrder(
                ErrorCode.CONFIG_INVALID, ErrorCode.CONFIG_MISSING_OPTION, ErrorCode.CONFIG_UNKNOWN_OPTION, ErrorCode.CONFIG_UNRESOLVED_VARIABLE,
                ErrorCode.CONNECTOR_UNKNOWN, ErrorCode.SOURCE_AUTHENTICATION_FAILED, ErrorCode.SOURCE_PRIVILEGE_MISSING, ErrorCode.SOURCE_NO_TABLES,
                ErrorCode.SOURCE_TABLE_UNSUPPORTED, ErrorCode.SOURCE_TYPE_UNSUPPORTED, ErrorCode.SOURCE_POSITION_LOST,
                ErrorCode.SINK_AUTHENTICATION_FAILED, ErrorCode.SINK_PRIVILEGE_MISSING, ErrorCode.SINK_SCHEMA_CHANGE_FAILED, ErrorCode.SCHEMA_CHANGE_REFUSED,
                ErrorCode.STATE_INCOMPATIBLE, ErrorCode.STATE_IN_USE);
    }

    @Test
    void flinkDoesNotRestartAFatalFailureAndTheCliStillFindsItsCode() {
        TributaryException lost = new TributaryException(ErrorCode.SOURCE_POSITION_LOST, "slot gone");
        Exception marked = FatalFailures.suppressRestartsIfFatal(new IOException("fetcher failed", lost));

        assertThat(ExecutionFailureHandler.isUnrecoverableError(marked)).isTrue();
        assertThat(TributaryException.findIn(marked)).containsSame(lost);
        assertThat(FatalFailures.suppressRestartsIfFatal(marked)).as("marked once").isSameAs(marked);
    }

    @Test
    void aFatalFailureStaysUnrecoverableAfterCrossingToTheJobMaster() {
        RuntimeException marked = FatalFailures.suppressRestartsIfFatal(new TributaryException(ErrorCode.STATE_INCOMPATIBLE, "newer state"));
        Throwable received = new SerializedThrowable(marked).deserializeError(getClass().getClassLoader());

        assertThat(ExecutionFailureHandler.isUnrecoverableError(received)).isTrue();
    }

    @Test
    void leavesOutagesAndUnknownFailuresToTheRestartStrategy() {
        RuntimeException outage = new TributaryException(ErrorCode.SOURCE_UNREACHABLE, "connection refused");
        RuntimeException unknown = new IllegalStateException("boom");

        assertThat(FatalFailures.suppressRestartsIfFatal(outage)).isSameAs(outage);
        assertThat(FatalFailures.suppressRestartsIfFatal(unknown)).isSameAs(unknown);
        assertThat(ExecutionFailureHandler.isUnrecoverableError(outage)).isFalse();
    }
}
