package io.tributary.core.source.enumerator;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.util.Optional;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.runtime.checkpoint.CheckpointCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Flink to take a checkpoint now rather than at the next periodic one, so that the stream
 * gate does not wait up to a whole checkpoint interval after the last chunk was read.
 *
 * <p>Flink gives a source no public call for this: the job's {@link CheckpointCoordinator} is on
 * the {@link OperatorCoordinator.Context} the source coordinator holds, which its split-enumerator
 * context keeps behind a package-private accessor. So it is reached by reflection; where that
 * fails (another Flink version, a test's context, checkpointing off) the gate simply waits for the
 * periodic checkpoint, as before. Either way the checkpoint is an ordinary one: barriers reach
 * every reader after the rows it emitted, which is all the gate relies on.
 */
final class CheckpointTrigger {
    /** Logs under the enumerator's name, as users have always seen its lines. */
    private static final Logger LOG = LoggerFactory.getLogger(CdcSplitEnumerator.class);

    private final SplitEnumeratorContext<?> context;

    CheckpointTrigger(SplitEnumeratorContext<?> context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** Requests a checkpoint; returns whether Flink took the request (it completes asynchronously). */
    boolean requestCheckpoint(String reason) {
        Optional<CheckpointCoordinator> coordinator = checkpointCoordinator();
        if (coordinator.isEmpty()) {
            return false;
        }
        LOG.info("Requesting a checkpoint now: {}", reason);
        coordinator.get().triggerCheckpoint(false).whenComplete((checkpoint, error) -> {
            if (error != null) {
                // The periodic checkpoint still comes; the gate waits for it instead.
                LOG.info("The requested checkpoint was not taken ({}); the next periodic one is waited for", error.getMessage());
            }
        });
        return true;
    }

    private Optional<CheckpointCoordinator> checkpointCoordinator() {
        try {
            Method accessor = context.getClass().getDeclaredMethod("getCoordinatorContext");
            accessor.setAccessible(true);
            OperatorCoordinator.Context coordinatorContext = (OperatorCoordinator.Context) accessor.invoke(context);
            return Optional.ofNullable(coordinatorContext.getCheckpointCoordinator())
                    .filter(CheckpointCoordinator::isPeriodicCheckpointingConfigured);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("No checkpoint coordinator reachable from {}: {}", context.getClass().getName(), e.toString());
            return Optional.empty();
        }
    }
}
