package io.tributary.core.runtime;

/**
 * Whether a pipeline is ready: its job runs, a checkpoint completed since the job last
 * (re)started, and no checkpoint failed since the last one completed. Decided from the job's
 * counts of restarts and of completed and failed checkpoints, observed at every readiness
 * question.
 */
final class Readiness {
    /** A job starts with no restarts, so the first question needs no baseline. */
    private long restarts;
    private long completedAtRestart;
    private long completed;
    private long failedAtLastCompletion;

    /** One observation of the job; returns whether the pipeline is ready now. */
    synchronized boolean observe(boolean running, long restartsNow, long completedNow, long failedNow) {
        if (restartsNow != restarts) {
            restarts = restartsNow;
            completedAtRestart = completedNow;
            completed = completedNow;
            failedAtLastCompletion = failedNow;
        }
        if (completedNow != completed) {
            completed = completedNow;
            failedAtLastCompletion = failedNow;
        }
        return running && completedNow > completedAtRestart && failedNow == failedAtLastCompletion;
    }
}
