package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDestinationsTest {
    private static final Logger LOG = LogManager.getLogger("io.tributary.cli.LogDestinationsTest");

    @TempDir
    Path work;

    @AfterEach
    void restoreTheConfiguredDestinations() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    @Test
    void sendsEveryRecordToTheFileAndOnlyWarningsAndErrorsToTheTerminal() throws Exception {
        Path file = work.resolve("state").resolve("tributary.log");
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();

        LogDestinations.route(Optional.of(file), Optional.of(terminal), Level.WARN);
        LOG.info("Pipeline p started");
        LOG.warn("Something to look at");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("INFO  LogDestinationsTest - Pipeline p started",
                "WARN  LogDestinationsTest - Something to look at");
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("Something to look at").doesNotContain("Pipeline p started");
    }

    @Test
    void createsNoFileBeforeTheFirstRecord() {
        Path file = work.resolve("state").resolve("tributary.log");

        LogDestinations.route(Optional.of(file), Optional.of(new ByteArrayOutputStream()), Level.ERROR);

        assertThat(file).doesNotExist();
    }
}
