package io.tributary.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;

class InertOptionNotesTest {
    private static final ConfigOption<Integer> POOL = ConfigOptions.key("connection.pool.size").intType().defaultValue(20);

    private static final ConnectorFactory FACTORY = new ConnectorFactory() {
        @Override
        public String identifier() {
            return "example";
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of();
        }

        @Override
        public Set<InertOption> inertOptions() {
            return Set.of(new InertOption(POOL, "each reader holds one connection of its own."));
        }

        @Override
        public Set<InertPrefix> inertPrefixes() {
            return Set.of(new InertPrefix("debezium.", "the log is read without Debezium."));
        }
    };

    @Test
    void oneLinePerInertOptionAndPrefixTheFileSets() {
        assertThat(InertOptionNotes.of(FACTORY, Map.of("connection.pool.size", "5", "debezium.snapshot.mode", "never",
                "debezium.binary.handling.mode", "hex", "hostname", "db"), "source (example)"))
                .containsExactly(
                        "Option 'connection.pool.size' in source (example) has no effect: each reader holds one connection of its own.",
                        "Options [debezium.binary.handling.mode, debezium.snapshot.mode] in source (example) have no effect: the log is read without Debezium.");
    }

    @Test
    void nothingWhenTheFileSetsNone() {
        assertThat(InertOptionNotes.of(FACTORY, Map.of("hostname", "db"), "source (example)")).isEmpty();
    }
}
