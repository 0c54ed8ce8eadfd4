package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifest in deploy/kubernetes/ loads as YAML, its parts name each other
 * consistently, and what it names exists: the entry class, the reporter, the jar the
 * Dockerfile's flink-application image holds, the command line it runs.
 */
class KubernetesManifestTest {
    private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "tributary-application.yaml");

    @Test
    @SuppressWarnings("unchecked")
    void manifestIsConsistentWithTheImageAndTheCommandLine() throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(MANIFEST))) {
            documents.add((Map<String, Object>) document);
        }
        Map<String, Object> claim = kind(documents, "PersistentVolumeClaim");
        Map<String, Object> deployment = kind(documents, "FlinkDeployment");
        String pipeline = (String) map(deployment, "metadata").get("name");
        Map<String, Object> spec = map(deployment, "spec");

        Map<String, Object> podSpec = map(map(spec, "podTemplate"), "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
        assertThat(container.get("name")).as("the operator merges the template into this container").isEqualTo("flink-main-container");
        Map<String, String> volumes = new java.util.HashMap<>();
        for (Map<String, Object> volume : (List<Map<String, Object>>) podSpec.get("volumes")) {
            Object source = volume.containsKey("configMap") ? map(volume, "configMap").get("name") : map(volume, "persistentVolumeClaim").get("claimName");
            volumes.put((String) volume.get("name"), (String) source);
        }
        assertThat(volumes).containsEntry("pipeline", pipeline + "-pipeline").containsEntry("state", map(claim, "metadata").get("name").toString());
        assertThat(map(claim, "metadata").get("name")).isEqualTo(pipeline + "-state");
        assertThat(((List<Map<String, Object>>) container.get("envFrom")).get(0)).isEqualTo(Map.of("secretRef", Map.of("name", pipeline + "-secrets")));

        Map<String, Object> configuration = map(spec, "flinkConfiguration");
        Class.forName((String) configuration.get("metrics.reporter.tributary.factory.class"));
        String metricsPort = (String) configuration.get("metrics.reporter.tributary.port");
        assertThat(map(map(spec, "podTemplate"), "metadata")).extracting(m -> ((Map<String, Object>) m).get("annotations"))
                .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", metricsPort, "prometheus.io/path", "/metrics"));
        Map<String, String> mounts = new java.util.HashMap<>();
        for (Map<String, Object> mount : (List<Map<String, Object>>) container.get("volumeMounts")) {
            mounts.put((String) mount.get("name"), (String) mount.get("mountPath"));
        }
        String stateDirectory = mounts.get("state") + "/" + pipeline;
        assertThat((String) configuration.get("execution.checkpointing.dir")).isEqualTo("file://" + stateDirectory + "/checkpoints");

        Map<String, Object> job = map(spec, "job");
        Class.forName((String) job.get("entryClass"));
        assertThat(job.get("args")).isEqualTo(List.of("run", mounts.get("pipeline") + "/pipeline.yaml", "--target", "application", "--state-dir", stateDirectory));
        String jar = ((String) job.get("jarURI")).replace("local://", "");
        assertThat(Files.readString(Path.of("..", "Dockerfile"))).as("the flink-application image holds the job's jar")
                .contains("AS flink-application").contains(jar);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFEST));
    }
}
