package io.tributary.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pipeline file the demo writes and runs: the shop database into a replica on the second server. */
final class DemoPipelineFile {
    static final String REPLICA_DATABASE = "shop_replica";
    static final String PIPELINE_NAME = "shop-demo";

    /** The whole file; {source.port} and {target.port} are filled in. Connector keys live only here. */
    private static final String TEMPLATE = """
            # Written by 'tributary demo': copy every table of the shop database, then every change,
            # into the shop_replica database of a second server.
            source:
              type: postgres
              hostname: 127.0.0.1
              port: {source.port}
              username: postgres
              password: postgres
              tables: shop.public.\\.*
              slot.name: tributary_demo
              scan.startup.mode: initial
            sink:
              type: jdbc
              url: jdbc:postgresql://127.0.0.1:{target.port}/shop_replica
              username: postgres
              password: postgres
            route:
              - source-table: shop.public.\\.*
                sink-table: public.<>
                replace-symbol: <>
                description: every shop table into the public schema of shop_replica
            pipeline:
              name: shop-demo
              parallelism: 2
              execution.checkpointing.interval: 2s
            """;

    private DemoPipelineFile() {}

    static String text(int sourcePort, int targetPort) {
        return TEMPLATE.replace("{source.port}", Integer.toString(sourcePort)).replace("{target.port}", Integer.toString(targetPort));
    }

    /** Writes the file into {@code directory} and returns its path. */
    static Path write(Path directory, int sourcePort, int targetPort) throws IOException {
        return Files.writeString(directory.resolve(PIPELINE_NAME + ".yaml"), text(sourcePort, targetPort), StandardCharsets.UTF_8);
    }
}
