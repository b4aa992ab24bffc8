package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedloop.runtime.config.ConfigKey;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The local stack in {@code deploy/compose}, checked without a container engine: every variable a seedloop
 * service is given is a key of its stage, Prometheus scrapes every stage, and Grafana gets the dashboard.
 */
class ComposeStackTest {

    private static final Path COMPOSE = Path.of("..", "deploy", "compose");
    /** Variables the JVM reads, and the API key's usual name. */
    private static final Set<String> OUTSIDE_SEEDLOOP = Set.of("JAVA_TOOL_OPTIONS");

    @Test
    void everyVariableAServiceIsGivenIsAKeyOfItsStage() throws IOException {
        JsonNode services = compose().path("services");
        List<String> unknown = new ArrayList<>();
        int stages = 0;
        for (Map.Entry<String, JsonNode> service : iterable(services)) {
            String stage = service.getValue().path("command").path(0).asText();
            if (!service.getValue().path("image").asText().contains("seedloop")) {
                continue;
            }
            assertThat(KubernetesManifestsTest.STAGES).as(service.getKey()).containsKey(stage);
            Set<String> known = new HashSet<>(OUTSIDE_SEEDLOOP);
            for (ConfigKey<?> key : KubernetesManifestsTest.STAGES.get(stage)) {
                known.addAll(key.envNames());
            }
            service.getValue().path("environment").fieldNames().forEachRemaining(variable -> {
                if (!known.contains(variable)) {
                    unknown.add(service.getKey() + ": " + variable);
                }
            });
            stages++;
        }
        assertThat(stages).isEqualTo(5);
        assertThat(unknown).as("variables no configuration key reads").isEmpty();
    }

    @Test
    void prometheusScrapesEveryStageAndGrafanaHasTheDashboard() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode prometheus;
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("prometheus/prometheus.yml"),
                StandardCharsets.UTF_8)) {
            prometheus = new ObjectMapper().valueToTree(new Yaml().load(reader));
        }
        Set<String> targets = new HashSet<>();
        prometheus.path("scrape_configs").get(0).path("static_configs").get(0).path("targets")
                .forEach(target -> targets.add(target.asText()));
        assertThat(targets).containsExactlyInAnyOrder("filter:8080", "sink:8080", "responder:8080", "generator:8080");
        targets.forEach(target -> assertThat(services.has(target.split(":")[0])).as(target).isTrue());

        String mount = services.path("grafana").path("volumes").toString();
        assertThat(mount).contains("../grafana/seedloop-dashboard.json");
        assertThat(COMPOSE.resolve("../grafana/seedloop-dashboard.json")).isRegularFile();
        assertThat(COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yaml")).isRegularFile();
    }

    /** compose.yaml with its anchors and merge keys resolved, as Compose reads it. */
    private static JsonNode compose() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("compose.yaml"), StandardCharsets.UTF_8)) {
            return new ObjectMapper().valueToTree(new Yaml().load(reader));
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
