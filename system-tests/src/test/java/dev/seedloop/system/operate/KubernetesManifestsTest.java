package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.seedloop.filter.FilterConfig;
import dev.seedloop.generator.GeneratorConfig;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.responder.ResponderConfig;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.sink.SinkConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every kustomize overlay with {@code kubectl kustomize} and checks the result offline: the Kubernetes
 * kinds against the typed Kubernetes model (fabric8: every field must be one the API knows), the custom resources
 * against their own models (Strimzi's io.strimzi:api, fabric8's Prometheus Operator model, and the TypeScript types
 * generated from KEDA's CustomResourceDefinition) and the rules seedloop relies on, the topics against the registry,
 * every environment variable against the configuration keys of its stage, and the security settings.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("..", "deploy", "k8s");
    private static final ObjectMapper YAML = new YAMLMapper();
    /** The npm project holding KEDA's generated types and the TypeScript compiler ({@code npm ci} in it). */
    private static final Path KEDA_TYPES = Path.of("src", "test", "k8s-types");
    private static final boolean KEDA_TYPES_INSTALLED = onPath("node")
            && Files.isRegularFile(KEDA_TYPES.resolve("node_modules/typescript/bin/tsc"))
            && Files.isDirectory(KEDA_TYPES.resolve("node_modules/@kubernetes-models/keda"));
    private static final String KEDA_TYPES_MISSING = "KEDA's types are not installed: run npm ci in "
            + "system-tests/src/test/k8s-types (Node.js and npm needed; .ci/run does it)";
    /** The command each stage container runs, and the configuration keys it knows. */
    static final Map<String, List<ConfigKey<?>>> STAGES = Map.of(
            "filter", FilterConfig.keys(),
            "sink", SinkConfig.keys(),
            "responder", ResponderConfig.keys(),
            "generator", GeneratorConfig.keys(),
            "simulated-llm", SimulatedLlmConfig.keys());
    /** Variables the JVM reads, not seedloop. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    @BeforeAll
    static void kubectl() {
        assumeTrue(onPath("kubectl"), "kubectl is not installed: the overlays cannot be rendered here");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void everyKubernetesObjectIsOneTheApiKnows(String overlay) throws Exception {
        for (JsonNode object : render(overlay)) {
            if (object.path("kind").asText().equals("ScaledObject")) {
                // KEDA publishes no Java model: checked against its CRD's types below
                continue;
            }
            assertThat(unknownFields(object)).as("fields the API of %s does not know", describe(object)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void theScaledObjectIsOneKedasCustomResourceDefinitionKnows(String overlay) throws Exception {
        assumeTrue(KEDA_TYPES_INSTALLED, KEDA_TYPES_MISSING);
        List<JsonNode> scaled = kind(render(overlay), "ScaledObject");
        assertThat(scaled).isNotEmpty();
        assertThat(kedaTypeErrors(scaled)).as("tsc against KEDA's ScaledObject type").isEmpty();
    }

    @Test
    void theShardedOverlayRunsOneShardAPodAndAsManyPodsAsShards() throws Exception {
        JsonNode filter = kind(render("overlays/sharded"), "StatefulSet").stream()
                .filter(object -> object.path("metadata").path("name").asText().equals("seedloop-filter"))
                .findFirst().orElseThrow();
        Map<String, JsonNode> env = new HashMap<>();
        filter.path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(variable -> env.put(variable.path("name").asText(), variable));
        assertThat(env.get("SEEDLOOP_FILTER_SHARDS").path("value").asText())
                .isEqualTo(filter.path("spec").path("replicas").asText());
        assertThat(env.get("SEEDLOOP_FILTER_SHARD_WORKERS").path("valueFrom").path("fieldRef").path("fieldPath")
                .asText()).isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
    }

    @Test
    void aMisspeltFieldInACustomResourceFailsTheChecks() throws Exception {
        List<JsonNode> objects = render("base");
        // the path to a field, its name, and the name misspelt
        Map<String, List<String>> misspellings = Map.of(
                "Kafka", List.of("spec", "kafka", "metadataVersion", "metadataVersoin"),
                "KafkaNodePool", List.of("spec", "roles", "role"),
                "KafkaTopic", List.of("spec", "partitions", "partition"),
                "PodMonitor", List.of("spec", "podMetricsEndpoints", "podMetricEndpoints"));
        misspellings.forEach((kind, field) -> {
            ObjectNode object = kind(objects, kind).get(0).deepCopy();
            JsonNode parent = object;
            for (String step : field.subList(0, field.size() - 2)) {
                parent = parent.path(step);
            }
            String name = field.get(field.size() - 2);
            String misspelt = field.get(field.size() - 1);
            assertThat(parent.has(name)).as("%s has %s", kind, field).isTrue();
            ((ObjectNode) parent).set(misspelt, ((ObjectNode) parent).remove(name));
            assertThat(unknownFields(object)).as(kind).anyMatch(unknown -> unknown.contains(misspelt));
        });
        ObjectNode listener = (ObjectNode) kind(objects, "Kafka").get(0).deepCopy();
        ((ObjectNode) listener.path("spec").path("kafka").path("listeners").get(0)).put("type", "internel");
        assertThat(unknownFields(listener)).as("a listener type Strimzi does not have").isNotEmpty();
        ObjectNode wrongType = kind(objects, "KafkaTopic").get(0).deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "three");
        assertThat(unknownFields(wrongType)).as("a number given as a word").isNotEmpty();

        assumeTrue(KEDA_TYPES_INSTALLED, KEDA_TYPES_MISSING);
        ObjectNode scaled = kind(objects, "ScaledObject").get(0).deepCopy();
        ObjectNode spec = (ObjectNode) scaled.path("spec");
        spec.set("maxReplicaCont", spec.remove("maxReplicaCount"));
        assertThat(kedaTypeErrors(List.of(scaled))).anyMatch(error -> error.contains("maxReplicaCont"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void theTopicsAreTheRegistrysTopics(String overlay) throws Exception {
        List<JsonNode> topics = kind(render(overlay), "KafkaTopic");
        TopicRegistry registry = TopicRegistry.standard();
        assertThat(topics).hasSameSizeAs(registry.all());
        for (Topic<?, ?> topic : registry.all()) {
            JsonNode manifest = topics.stream().filter(t -> t.path("spec").path("topicName").asText()
                    .equals(topic.name())).findFirst().orElseThrow(() -> new AssertionError(
                            "no KafkaTopic for " + topic.name()));
            assertThat(manifest.path("spec").path("partitions").asInt()).as(topic.name() + " partitions")
                    .isEqualTo(topic.partitions());
            topic.configs().forEach((key, value) -> assertThat(manifest.path("spec").path("config").path(key)
                    .asText()).as(topic.name() + " " + key).isEqualTo(value));
            assertThat(manifest.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .isEqualTo("seedloop");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void everyVariableAManifestSetsIsAKeyItsStageKnows(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        List<String> unknown = new ArrayList<>();
        int containers = 0;
        for (JsonNode container : stageContainers(objects)) {
            String stage = container.path("args").path(0).asText();
            assertThat(STAGES).as("the stages a container can run").containsKey(stage);
            Set<String> known = new HashSet<>(JVM_VARIABLES);
            STAGES.get(stage).forEach(key -> known.addAll(key.envNames()));
            for (String variable : variables(container, objects)) {
                if (!known.contains(variable)) {
                    unknown.add(stage + ": " + variable);
                }
            }
            containers++;
        }
        assertThat(containers).isGreaterThanOrEqualTo(4);
        assertThat(unknown).as("variables no configuration key reads").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void podsRunAsNonRootWithProbesLimitsAndTheKeyFromASecret(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        assertThat(kind(objects, "Secret")).as("secrets are created out of band, never inlined").isEmpty();
        for (JsonNode workload : Stream.concat(kind(objects, "Deployment").stream(),
                kind(objects, "StatefulSet").stream()).toList()) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(describe(workload))
                    .isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
                assertThat(security.path("capabilities").path("drop").toString()).contains("ALL");
                assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
                assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
                assertThat(container.has("livenessProbe") && container.has("readinessProbe"))
                        .as(describe(workload) + " probes").isTrue();
                if (!"simulated-llm".equals(container.path("args").path(0).asText())) {
                    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                            .isEqualTo("/healthy");
                    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                            .isEqualTo("/ready");
                }
                for (JsonNode variable : container.path("env")) {
                    if (variable.path("name").asText().contains("API_KEY")) {
                        assertThat(variable.has("value")).as("an API key given as a value").isFalse();
                        assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asText())
                                .isEqualTo("seedloop-llm");
                    }
                }
            }
        }
        for (JsonNode budget : kind(objects, "PodDisruptionBudget")) {
            assertThat(selects(budget.path("spec").path("selector"), objects)).as(describe(budget)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void theCustomResourcesAreWhatStrimziKedaAndPrometheusNeed(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        TopicRegistry registry = TopicRegistry.standard();

        JsonNode kafka = kind(objects, "Kafka").get(0);
        assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText())
                .isEqualTo("enabled");
        assertThat(kafka.path("spec").path("kafka").path("listeners")).isNotEmpty();
        Set<String> roles = new HashSet<>();
        for (JsonNode pool : kind(objects, "KafkaNodePool")) {
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("seedloop");
            pool.path("spec").path("roles").forEach(role -> roles.add(role.asText()));
            JsonNode storage = pool.path("spec").path("storage");
            switch (storage.path("type").asText()) {
                case "ephemeral" -> assertThat(storage.has("volumes")).as("ephemeral storage has no volumes").isFalse();
                case "jbod" -> assertThat(storage.path("volumes")).isNotEmpty();
                default -> throw new AssertionError("storage type of " + describe(pool) + ": " + storage);
            }
            assertThat(pool.path("spec").path("replicas").asInt()).isPositive();
        }
        assertThat(roles).containsExactlyInAnyOrder("controller", "broker");
        int brokers = kind(objects, "KafkaNodePool").stream().filter(pool -> pool.path("spec").path("roles")
                .toString().contains("broker")).mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
        for (JsonNode topic : kind(objects, "KafkaTopic")) {
            int replicas = topic.path("spec").path("replicas").asInt();
            assertThat(replicas).as(describe(topic) + " replicas").isBetween(1, brokers);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).isLessThanOrEqualTo(
                    replicas);
        }

        JsonNode scaled = kind(objects, "ScaledObject").get(0);
        assertThat(scaled.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        String target = scaled.path("spec").path("scaleTargetRef").path("name").asText();
        assertThat(kind(objects, "Deployment")).anyMatch(d -> d.path("metadata").path("name").asText().equals(target));
        JsonNode trigger = scaled.path("spec").path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(registry.instructions().name());
        assertThat(trigger.path("metadata").path("consumerGroup").asText())
                .isEqualTo(ResponderConfig.GROUP_ID.defaultValue());
        assertThat(scaled.path("spec").path("maxReplicaCount").asInt()).as("no more consumers than partitions")
                .isLessThanOrEqualTo(registry.instructions().partitions());

        JsonNode monitor = kind(objects, "PodMonitor").get(0);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        String port = monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText();
        for (JsonNode container : stageContainers(objects)) {
            if (!"simulated-llm".equals(container.path("args").path(0).asText())) {
                assertThat(container.path("ports").toString()).contains("\"name\":\"" + port + "\"");
            }
        }
        assertThat(selects(monitor.path("spec").path("selector"), objects)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/sharded"})
    void theDashboardConfigMapIsTheDashboard(String overlay) throws Exception {
        JsonNode map = kind(render(overlay), "ConfigMap").stream().filter(m -> m.path("metadata").path("name")
                .asText().equals("seedloop-grafana-dashboard")).findFirst().orElseThrow();
        JsonNode dashboard = new ObjectMapper().readTree(map.path("data").path("seedloop-dashboard.json").asText());
        assertThat(dashboard).isEqualTo(new ObjectMapper().readTree(DashboardIT.DASHBOARD.toFile()));
    }

    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(overlay).toString())
                .redirectErrorStream(false).start();
        byte[] output = process.getInputStream().readAllBytes();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + overlay + ": " + errors).isZero();
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(output)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isEmpty()) {
                    objects.add(node);
                }
            });
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }

    private static List<JsonNode> kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    /** The containers of the Deployments and StatefulSets that run the seedloop image. */
    private static List<JsonNode> stageContainers(List<JsonNode> objects) {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode workload : Stream.concat(kind(objects, "Deployment").stream(),
                kind(objects, "StatefulSet").stream()).toList()) {
            for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                if (container.path("image").asText().contains("seedloop")) {
                    containers.add(container);
                }
            }
        }
        return containers;
    }

    /** The variables a container gets: its own, and every key of the ConfigMaps it takes whole. */
    private static List<String> variables(JsonNode container, List<JsonNode> objects) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(variable -> names.add(variable.path("name").asText()));
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText();
            JsonNode map = kind(objects, "ConfigMap").stream().filter(m -> m.path("metadata").path("name").asText()
                    .equals(name)).findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
            map.path("data").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Whether {@code selector}'s matchLabels select the pods of at least one workload. */
    private static boolean selects(JsonNode selector, List<JsonNode> objects) {
        Map<String, String> wanted = new ObjectMapper().convertValue(selector.path("matchLabels"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        return Stream.concat(kind(objects, "Deployment").stream(), kind(objects, "StatefulSet").stream())
                .map(w -> (ObjectNode) w.path("spec").path("template").path("metadata").path("labels"))
                .anyMatch(labels -> wanted.entrySet().stream().allMatch(e -> e.getValue().equals(
                        labels.path(e.getKey()).asText())));
    }

    private static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
    }

    /**
     * The fields of {@code object} its kind's typed model does not know, or why the object does not fit the model
     * (a value of the wrong type, an unknown enum value). Kubernetes kinds and the Prometheus Operator's PodMonitor
     * are fabric8's models; Strimzi's kinds are Strimzi's own (io.strimzi:api).
     */
    private static List<String> unknownFields(JsonNode object) {
        Class<?> type = switch (object.path("kind").asText()) {
            case "Deployment" -> Deployment.class;
            case "StatefulSet" -> StatefulSet.class;
            case "Service" -> Service.class;
            case "ConfigMap" -> ConfigMap.class;
            case "Namespace" -> Namespace.class;
            case "PodDisruptionBudget" -> PodDisruptionBudget.class;
            case "PodMonitor" -> PodMonitor.class;
            case "Kafka" -> Kafka.class;
            case "KafkaNodePool" -> KafkaNodePool.class;
            case "KafkaTopic" -> KafkaTopic.class;
            default -> throw new AssertionError("no typed model for " + describe(object));
        };
        List<String> unknown = new ArrayList<>();
        try {
            ObjectMapper mapper = new ObjectMapper();
            Object typed = mapper.convertValue(object, type);
            unknownFields(typed, describe(object), unknown);
            // Strimzi's models read a value they do not have (an unknown listener type) as nothing: written back,
            // it is gone
            lostValues(object, mapper.valueToTree(typed), describe(object), unknown);
        } catch (IllegalArgumentException e) {
            unknown.add(describe(object) + " does not fit " + type.getName() + ": " + e.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return unknown;
    }

    /**
     * What the TypeScript compiler finds wrong with {@code objects} typed as KEDA's ScaledObject, whose types
     * {@code @kubernetes-models/keda} generates from KEDA's CustomResourceDefinition: an object literal with a field
     * the type does not declare, a value of the wrong type or a missing required field is an error.
     */
    private static List<String> kedaTypeErrors(List<JsonNode> objects) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(Path.of("target", "k8s-types"));
        Path source = Files.createTempFile(directory, "scaled-objects-", ".ts");
        StringBuilder text = new StringBuilder("import { IScaledObject } from \"")
                .append(directory.toAbsolutePath().relativize(KEDA_TYPES.resolve(
                        "node_modules/@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject").toAbsolutePath())
                        .toString().replace('\\', '/'))
                .append("\";\n");
        for (int i = 0; i < objects.size(); i++) {
            text.append("export const scaled").append(i).append(": IScaledObject = ")
                    .append(new ObjectMapper().writeValueAsString(objects.get(i))).append(";\n");
        }
        Files.writeString(source, text.toString());
        Process process = new ProcessBuilder("node", KEDA_TYPES.resolve("node_modules/typescript/bin/tsc").toString(),
                "--noEmit", "--strict", "--skipLibCheck", "--module", "commonjs", "--moduleResolution", "node10",
                "--target", "es2020", source.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("tsc finished").isTrue();
        Files.delete(source);
        List<String> errors = output.lines().filter(line -> line.contains("error")).toList();
        assertThat(process.exitValue() == 0).as("tsc exit status agrees with its output: " + output)
                .isEqualTo(errors.isEmpty());
        return errors;
    }

    /**
     * Adds the texts of {@code given} that {@code written} (the typed model written back) lacks: a value the model
     * read as nothing. (Other values may be written back in another form: a quantity as an object, a default left
     * out.)
     */
    private static void lostValues(JsonNode given, JsonNode written, String path, List<String> lost) {
        if (given.isObject()) {
            given.fieldNames().forEachRemaining(name -> {
                JsonNode back = written.path(name);
                if (given.get(name).isTextual() && (back.isMissingNode() || back.isNull())) {
                    lost.add(path + "." + name + ": " + given.get(name) + " is not a value the model takes");
                } else {
                    lostValues(given.get(name), back, path + "." + name, lost);
                }
            });
        } else if (given.isArray()) {
            for (int i = 0; i < given.size(); i++) {
                lostValues(given.get(i), written.path(i), path + "[" + i + "]", lost);
            }
        }
    }

    /** Walks a typed model object: every field it could not map lands in additionalProperties. */
    private static void unknownFields(Object value, String path, List<String> unknown)
            throws ReflectiveOperationException {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")
                && !value.getClass().getName().startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(field, path + "." + getter.getName().substring(3), unknown);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }
}
