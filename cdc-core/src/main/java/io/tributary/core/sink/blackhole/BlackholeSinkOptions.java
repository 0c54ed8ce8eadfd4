package io.tributary.core.sink.blackhole;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of a {@code type: blackhole} sink block. */
public final class BlackholeSinkOptions {
    public static final ConfigOption<Duration> LOG_INTERVAL = ConfigOptions.key("log.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How often each writer logs its event counts and the rate since its last line.");

    private BlackholeSinkOptions() {}
}
