package io.tributary.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink session cluster of one JobManager and one TaskManager, each in its own JVM started from
 * Flink's own entry points, as a distribution's scripts would start them. Their class path holds
 * Flink and the libraries a Flink distribution ships, and none of Tributary's jars, so a job
 * runs only if its submission carried them.
 */
final class TestingFlinkSessionCluster implements AutoCloseable {
    /** Jar name prefixes of what a Flink distribution's lib/ holds (Flink and its own dependencies). */
    private static final List<String> DISTRIBUTION = List.of("flink-", "log4j-", "slf4j-api", "commons-", "snakeyaml-engine", "kryo", "minlog",
            "objenesis", "reflectasm", "lz4-java", "snappy-java", "zstd-jni", "jsr305", "javassist", "async-profiler", "xz-");
    /** Flink connectors released on their own, which a distribution does not hold. */
    private static final List<String> NOT_IN_DISTRIBUTION = List.of("flink-connector-kafka");
    /** Jar name prefixes of Tributary's metric reporter and its libraries, put in the cluster's plugins directory. */
    private static final List<String> METRICS_PLUGIN = List.of("cdc-core-", "micrometer-", "prometheus-metrics-", "HdrHistogram", "LatencyUtils");
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

    private final Path directory;
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private TestingFlinkSessionCluster(Path directory, int restPort, int jobManagerMetricsPort, int taskManagerMetricsPort) {
        this.directory = directory;
        this.restPort = restPort;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
        this.taskManagerMetricsPort = taskManagerMetricsPort;
    }

    /** Starts the JobManager and the TaskManager and waits until the TaskManager has registered. */
    static TestingFlinkSessionCluster start(Path directory) throws IOException, InterruptedException {
        Path conf = Files.createDirectories(directory.resolve("conf"));
        int restPort = freePort();
        List<String> settings = List.of(
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: 0",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.rpc.port: 0",
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: 4",
                "taskmanager.memory.process.size: 1024m",
                "taskmanager.memory.managed.size: 16m",
                "io.tmp.dirs: " + Files.createDirectories(directory.resolve("tmp")),
                "metrics.reporter.tributary.factory.class: io.tributary.core.metrics.FlinkMetricsBridgeFactory");
        Files.write(conf.resolve("config.yaml"), settings);
        installMetricsPlugin(directory.resolve("plugins"));
        TestingFlinkSessionCluster cluster = new TestingFlinkSessionCluster(directory, restPort, freePort(), freePort());
        try {
            cluster.launch("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf, List.of("-Xmx384m"),
                    List.of("-D", "metrics.reporter.tributary.port=" + cluster.jobManagerMetricsPort));
            TaskExecutorProcessSpec taskManager = TaskExecutorProcessUtils.processSpecFromConfig(flinkConfiguration(settings));
            cluster.launch("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf,
                    List.of(ProcessMemoryUtils.generateJvmParametersStr(taskManager).split(" ")),
                    Stream.concat(Stream.of(TaskExecutorProcessUtils.generateDynamicConfigsStr(taskManager).trim().split(" +")),
                            Stream.of("-D", "metrics.reporter.tributary.port=" + cluster.taskManagerMetricsPort)).toList());
            cluster.awaitTaskManager();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The REST endpoint, {@code host:port}, as {@code --jobmanager} takes it. */
    String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    /**
     * Tributary's metric reporter as a Flink plugin (its own class loader, off the class path), as
     * README's "Run on a Flink cluster" tells an operator to install it.
     */
    private static void installMetricsPlugin(Path plugins) throws IOException {
        Path plugin = Files.createDirectories(plugins.resolve("tributary-metrics"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.endsWith(".jar") && !name.endsWith("-tests.jar") && METRICS_PLUGIN.stream().anyMatch(name::startsWith)) {
                Files.copy(Path.of(entry), plugin.resolve(name));
            }
        }
    }

    /** {@code /metrics} of the JobManager (checkpoints, snapshot progress) and of the TaskManager (events, lags). */
    String scrapeJobManager() throws IOException, InterruptedException {
        return scrape(jobManagerMetricsPort);
    }

    String scrapeTaskManager() throws IOException, InterruptedException {
        return scrape(taskManagerMetricsPort);
    }

    private String scrape(int port) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The class path of the cluster's processes. */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jar") && DISTRIBUTION.stream().anyMatch(name::startsWith) && NOT_IN_DISTRIBUTION.stream().noneMatch(name::startsWith)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The job's state as the cluster's REST API reports it ({@code RUNNING}, {@code CANCELED}, …). */
    String jobState(String jobId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest("/jobs/" + jobId)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher state = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"").matcher(response.body());
        return response.statusCode() == 200 && state.find() ? state.group(1) : "UNKNOWN (" + response.statusCode() + ")";
    }

    /** Cancels the job through the REST API. */
    void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The last lines of both processes' logs, for failure messages. */
    String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String role : List.of("jobmanager", "taskmanager")) {
            try {
                String log = Files.readString(directory.resolve(role + ".log"));
                tail.append("--- ").append(role).append(" ---\n").append(log.length() > 4000 ? log.substring(log.length() - 4000) : log).append('\n');
            } catch (IOException e) {
                tail.append("--- ").append(role).append(": no log (").append(e.getMessage()).append(")\n");
            }
        }
        return tail.toString();
    }

    /**
     * The memory and CPU of a TaskManager come from its configuration as {@code -D} arguments and
     * JVM options, computed with Flink's own rules as its start scripts do.
     */
    private static Configuration flinkConfiguration(List<String> settings) {
        Configuration configuration = new Configuration();
        for (String setting : settings) {
            int colon = setting.indexOf(": ");
            configuration.setString(setting.substring(0, colon), setting.substring(colon + 2));
        }
        return configuration;
    }

    private void launch(String role, String mainClass, Path conf, List<String> jvmOptions, List<String> dynamicProperties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(TributaryProcess.OPENS);
        command.add("-Dlog4j2.configurationFile=" + TributaryProcess.childLogConfig());
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toString());
        command.addAll(dynamicProperties);
        Path log = directory.resolve(role + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FLINK_PLUGINS_DIR", directory.resolve("plugins").toString());
        processes.add(builder.start());
    }

    private void awaitTaskManager() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError("a Flink cluster process exited with " + process.exitValue() + ":\n" + logTail());
                }
            }
            try {
                String overview = http.send(HttpRequest.newBuilder(rest("/overview")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher taskManagers = TASK_MANAGERS.matcher(overview);
                if (taskManagers.find() && Integer.parseInt(taskManagers.group(1)) > 0) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the JobManager is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the Flink cluster did not come up within 60 s:\n" + logTail());
    }

    private URI rest(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Kills the TaskManager, then the JobManager. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        processes.clear();
    }
}
