package io.tributary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterJarsTest {
    @Test
    void shipsConnectorsAndTheirDriversButNotWhatTheClusterHas() {
        String classPath = String.join(File.pathSeparator,
                "/m2/io/tributary/cdc-core-0.1.0.jar",
                "/m2/io/tributary/source-postgres-0.1.0.jar",
                "/m2/org/postgresql/postgresql-42.7.14.jar",
                "/m2/com/fasterxml/jackson/core/jackson-databind-2.18.2.jar",
                "/m2/com/fasterxml/jackson/datatype/jackson-datatype-jdk8-2.18.2.jar",
                "/m2/org/apache/flink/flink-shaded-jackson-2.18.2-20.0.jar",
                "/m2/org/apache/flink/flink-runtime-2.2.1.jar",
                "/m2/org/apache/flink/flink-connector-base-2.2.1.jar",
                "/m2/org/apache/flink/flink-connector-kafka-4.0.1-2.0.jar",
                "/m2/org/apache/logging/log4j-core-2.26.1.jar",
                "/m2/org/slf4j/slf4j-api-2.0.17.jar",
                "/work/cdc-core/target/classes");

        assertThat(ClusterJars.fromClassPath(classPath)).containsExactly(
                "/m2/io/tributary/cdc-core-0.1.0.jar",
                "/m2/io/tributary/source-postgres-0.1.0.jar",
                "/m2/org/postgresql/postgresql-42.7.14.jar",
                // Tributary's JSON writing uses the real Jackson; a cluster has only Flink's shaded copy.
                "/m2/com/fasterxml/jackson/core/jackson-databind-2.18.2.jar",
                "/m2/com/fasterxml/jackson/datatype/jackson-datatype-jdk8-2.18.2.jar",
                "/m2/org/apache/flink/flink-connector-kafka-4.0.1-2.0.jar");
    }

    @Test
    void emptyClassPathShipsNothing() {
        assertThat(ClusterJars.fromClassPath("")).isEqualTo(List.of());
    }
}
