package dev.seedloop.system.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every prompt file the stages ship declares an answer shape the simulated LLM answers: each is rendered, sent
 * through the LLM client over HTTP with its marker, and must come back answered (the simulated LLM refuses a shape
 * it does not know with a 400). A new prompt whose shape the simulated LLM cannot answer fails here, not in a demo.
 */
@Timeout(60)
class ShippedPromptsTest {

    /** One class of each module that ships prompts: their prompt files are found beside it. */
    private static final List<Class<?>> SHIPPING = List.of(dev.seedloop.generator.Main.class,
            dev.seedloop.responder.Main.class);
    private static final Map<String, String> VALUES = Map.of("instruction", "Name three rivers in Europe.",
            "input", "", "output", "The Danube, the Rhine and the Loire.", "persona", "a retired carpenter",
            "method", "Add one more constraint.", "first", "Name a river.", "second", "Name three rivers.");

    @Test
    void everyShippedPromptIsOneTheSimulatedLlmAnswers() throws Exception {
        List<Shipped> prompts = new ArrayList<>();
        for (Class<?> owner : SHIPPING) {
            prompts.addAll(shipped(owner));
        }
        assertThat(prompts).extracting(Shipped::resource)
                .contains("/prompts/en/self-instruct-v1.txt", "/prompts/ko/persona-self-instruct-v1.txt",
                        "/prompts/en/quality-judge-v1.txt", "/prompts/ko/instances-input-first-v1.txt");

        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                .withLatency(Duration.ofMillis(1)));
                LlmClient client = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                        "llm.base-url", server.baseUrl(), "llm.model", "simulated")),
                        0.7, 1024))) {
            for (Shipped prompt : prompts) {
                PromptTemplate template = PromptTemplate.load(prompt.owner(), prompt.resource());
                assertThat(SimulatedLlmServer.ANSWER_SHAPES).as(prompt.resource()).contains(template.answer());
                LlmReply reply = client.chat(template.request(VALUES)).join();
                assertThat(reply.content()).as(prompt.resource() + " (answer: " + template.answer() + ")")
                        .isNotBlank();
            }
        }
    }

    private record Shipped(Class<?> owner, String resource) {
    }

    /** The {@code prompts/<language>/*.txt} files in the jar or classes folder {@code owner} was loaded from. */
    private static List<Shipped> shipped(Class<?> owner) throws IOException, URISyntaxException {
        Path location = Path.of(owner.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return list(owner, location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
            return list(owner, jar.getPath("/"));
        }
    }

    private static List<Shipped> list(Class<?> owner, Path root) throws IOException {
        Path prompts = root.resolve("prompts");
        try (Stream<Path> files = Files.walk(prompts)) {
            return files.filter(file -> file.toString().endsWith(".txt"))
                    .map(file -> new Shipped(owner, "/" + root.relativize(file).toString().replace('\\', '/')))
                    .sorted((a, b) -> a.resource().compareTo(b.resource()))
                    .toList();
        }
    }
}
