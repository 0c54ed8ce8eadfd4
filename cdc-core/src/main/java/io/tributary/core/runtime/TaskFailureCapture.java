package io.tributary.core.runtime;

import static java.util.Objects.requireNonNull;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Hands the cause of each failed task of the embedded runtime to {@link JobFailures}: Flink
 * reports a job that restarts without the error (it only says it restarts), while each task
 * that fails logs its cause once, on Flink's task logger. The capture hooks into that logger of
 * the log backend the distribution ships (Log4j 2) and is left out where another backend runs.
 */
final class TaskFailureCapture extends AbstractAppender {
    /** The logger a task's switch to FAILED is written to, with its cause. */
    static final String TASK_LOGGER = "org.apache.flink.runtime.taskmanager.Task";

    private final String jobName;

    private TaskFailureCapture(String jobName) {
        super("tributary-task-failures-" + jobName, null, null, true, Property.EMPTY_ARRAY);
        this.jobName = requireNonNull(jobName, "jobName is null");
    }

    /** Starts capturing the task failures of the job {@code jobName}; returns what stops it. */
    static AutoCloseable install(String jobName) {
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
                return () -> {};
            }
            TaskFailureCapture capture = new TaskFailureCapture(jobName);
            capture.start();
            Configuration configuration = context.getConfiguration();
            LoggerConfig logger = configuration.getLoggerConfig(TASK_LOGGER);
            boolean own = !logger.getName().equals(TASK_LOGGER);
            if (own) {
                // No logger is configured for the task class: add one that passes everything on to its parent as before.
                logger = new LoggerConfig(TASK_LOGGER, null, true);
                logger.setParent(configuration.getLoggerConfig(parentName(TASK_LOGGER)));
                configuration.addLogger(TASK_LOGGER, logger);
            }
            LoggerConfig target = logger;
            target.addAppender(capture, Level.WARN, null);
            context.updateLoggers();
            return () -> {
                target.removeAppender(capture.getName());
                if (own) {
                    configuration.removeLogger(TASK_LOGGER);
                }
                context.updateLoggers();
                capture.stop();
            };
        } catch (NoClassDefFoundError | RuntimeException e) {
            // Another log backend (or none): the status page shows errors only once the job fails for good.
            return () -> {};
        }
    }

    private static String parentName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    @Override
    public void append(LogEvent event) {
        if (event.getThrown() != null && event.getLevel().isMoreSpecificThan(Level.WARN)) {
            JobFailures.report(jobName, event.getTimeMillis(), event.getThrown());
        }
    }
}
