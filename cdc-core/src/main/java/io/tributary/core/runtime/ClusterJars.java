package io.tributary.core.runtime;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which jars of the local class path a Flink cluster needs with a submitted pipeline: everything
 * but Flink itself and the logging libraries the cluster already has (shipping those would load
 * a second copy next to the cluster's own). Flink connectors released on their own (Kafka) are
 * not part of a Flink distribution and are shipped.
 */
final class ClusterJars {
    private static final List<String> CLUSTER_PROVIDED = List.of("flink-", "log4j-", "slf4j-", "scala-", "pekko-", "kryo-", "chill", "snappy-java",
            "lz4-java", "commons-math3", "jsr305", "objenesis", "minlog", "zstd-jni");
    /** Flink connectors outside a Flink distribution's lib/ directory. */
    private static final List<String> SEPARATE_FLINK_CONNECTORS = List.of("flink-connector-kafka", "flink-connector-jdbc");

    private ClusterJars() {}

    static List<String> fromClassPath(String classPath) {
        List<String> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = new File(entry).getName().toLowerCase(Locale.ROOT);
            boolean provided = CLUSTER_PROVIDED.stream().anyMatch(name::startsWith) && SEPARATE_FLINK_CONNECTORS.stream().noneMatch(name::startsWith);
            if (name.endsWith(".jar") && !provided) {
                jars.add(entry);
            }
        }
        return jars;
    }
}
