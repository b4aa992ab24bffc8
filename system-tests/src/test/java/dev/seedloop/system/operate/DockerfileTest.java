package dev.seedloop.system.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's targets, read as text (no Docker engine is needed): a lean image per stage whose entry point is
 * that stage's own {@code Main}, the whole command's image, and every image the manifests name built by a target.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("..", "deploy", "docker", "Dockerfile");
    private static final Path K8S = Path.of("..", "deploy", "k8s");
    private static final Path COMPOSE = Path.of("..", "deploy", "compose", "compose.yaml");
    private static final Pattern TARGET = Pattern.compile("^FROM \\S+ AS (\\S+)$", Pattern.MULTILINE);
    private static final List<String> STAGES = List.of("generator", "filter", "responder", "sink");

    @Test
    void eachStageHasALeanImageThatRunsItsOwnMainWithoutTheCommandOrTheEmbeddedParts() throws Exception {
        Map<String, String> targets = targets();
        assertThat(targets).containsKeys("generator", "filter", "responder", "sink", "seedloop");
        for (String stage : STAGES) {
            String body = targets.get(stage);
            Matcher main = Pattern.compile("\"(dev\\.seedloop\\.[a-z.]+\\.Main)\"]").matcher(body);
            assertThat(main.find()).as(stage + " has an entry point").isTrue();
            assertThat(main.group(1)).isEqualTo("dev.seedloop." + stage + ".Main");
            Method entry = Class.forName(main.group(1)).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(entry.getModifiers())).isTrue();
            assertThat(body).contains("/src/" + stage + "-service/target/lib")
                    .doesNotContain("seedloop.jar").doesNotContain("launcher/target/lib");
        }
        assertThat(targets.get("seedloop")).contains("seedloop.jar");
    }

    @Test
    void everyImageTheManifestsAndTheComposeStackNameIsATarget() throws IOException {
        Map<String, String> targets = targets();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher image = Pattern.compile("^\\s+image: (seedloop\\S*)$", Pattern.MULTILINE)
                        .matcher(Files.readString(file));
                while (image.find()) {
                    String name = image.group(1);
                    assertThat(targets).as(file + " names " + name)
                            .containsKey(name.equals("seedloop") ? "seedloop" : name.substring("seedloop-".length()));
                }
            }
        }
        Matcher built = Pattern.compile("target: ([a-z-]+)").matcher(Files.readString(COMPOSE));
        int count = 0;
        while (built.find()) {
            assertThat(targets).containsKey(built.group(1));
            count++;
        }
        assertThat(count).isEqualTo(5);
    }

    /** Target name to its lines, up to the next FROM. */
    private static Map<String, String> targets() throws IOException {
        String text = Files.readString(DOCKERFILE);
        Map<String, String> targets = new LinkedHashMap<>();
        Matcher from = TARGET.matcher(text);
        String name = null;
        int start = 0;
        while (from.find()) {
            if (name != null) {
                targets.put(name, text.substring(start, from.start()));
            }
            name = from.group(1);
            start = from.end();
        }
        if (name != null) {
            targets.put(name, text.substring(start));
        }
        return targets;
    }
}
