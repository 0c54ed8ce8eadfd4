package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadinessTest {
    private final Readiness readiness = new Readiness();

    @Test
    void readyOnceRunningWithACompletedCheckpoint() {
        assertThat(readiness.observe(false, 0, 0, 0)).as("not running yet").isFalse();
        assertThat(readiness.observe(true, 0, 0, 0)).as("running, no checkpoint yet").isFalse();
        assertThat(readiness.observe(true, 0, 1, 0)).isTrue();
        assertThat(readiness.observe(false, 0, 1, 0)).as("the job stopped running").isFalse();
    }

    @Test
    void readyAtTheFirstQuestionWhenCheckpointsAlreadyCompleted() {
        assertThat(readiness.observe(true, 0, 2, 0)).isTrue();
        assertThat(new Readiness().observe(true, 0, 2, 1)).as("at the first question, earlier failures are taken to precede the last completion").isTrue();
    }

    @Test
    void notReadyFromAFailedCheckpointUntilOneCompletes() {
        readiness.observe(true, 0, 3, 0);
        assertThat(readiness.observe(true, 0, 3, 1)).isFalse();
        assertThat(readiness.observe(true, 0, 3, 2)).isFalse();
        assertThat(readiness.observe(true, 0, 4, 2)).isTrue();
    }

    @Test
    void afterARestartReadyOnlyOnceACheckpointCompletesAgain() {
        readiness.observe(true, 0, 5, 0);
        assertThat(readiness.observe(true, 1, 5, 0)).as("restarted, running, no new checkpoint").isFalse();
        assertThat(readiness.observe(true, 1, 6, 0)).isTrue();
    }
}
