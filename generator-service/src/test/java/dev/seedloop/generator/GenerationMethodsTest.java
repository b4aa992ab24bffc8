package dev.seedloop.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.llm.CostMeter;
import dev.seedloop.llm.LlmClient;
import dev.seedloop.llm.LlmGateway;
import dev.seedloop.llm.LlmSettings;
import dev.seedloop.llm.simulated.SimulatedLlmConfig;
import dev.seedloop.llm.simulated.SimulatedLlmServer;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Rejection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry of generation methods, and every registered method at work against the simulated LLM over HTTP. */
@Timeout(120)
class GenerationMethodsTest {

    @Test
    void findsEveryShippedMethodWithHowItsInstructionsGetInstances() {
        assertThat(GenerationMethods.names()).containsExactly("alpaca", "evol-instruct", "persona-self-instruct",
                "self-instruct", "self-instruct-classification");
        assertThat(GenerationMethods.named("self-instruct").instanceSource()).isEqualTo(InstanceSource.INSTANCES_ASKED);
        assertThat(GenerationMethods.named("evol-instruct").instanceSource()).isEqualTo(InstanceSource.DIRECT_ANSWER);
        assertThat(GenerationMethods.all()).allSatisfy(method -> assertThat(method.description()).isNotBlank());
    }

    @Test
    void anUnknownNameSaysWhichMethodsThereAre() {
        assertThatThrownBy(() -> GenerationMethods.named("self-instrukt"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown generation method 'self-instrukt'")
                .hasMessageContaining("alpaca, evol-instruct, persona-self-instruct, self-instruct");
    }

    @Test
    void aMethodWithATakenOrMalformedNameStopsTheStart() {
        GenerationMethod first = GenerationMethods.named("alpaca");
        assertThatThrownBy(() -> GenerationMethods.check(List.of(first, first)))
                .hasMessageContaining("two generation methods are called 'alpaca'");
        GenerationMethod badlyNamed = new GenerationMethod() {
            @Override
            public String name() {
                return "Self Instruct";
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public InstanceSource instanceSource() {
                return InstanceSource.INSTANCES_ASKED;
            }

            @Override
            public Proposer proposer(MethodContext context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> GenerationMethods.check(List.of(badlyNamed)))
                .hasMessageContaining("is called 'Self Instruct'");
    }

    @Test
    void configurationNamesTheMethodAndRejectsTheRenamedKeysWithWhatToSetInstead() {
        GeneratorConfig config = GeneratorConfig.from(ConfigSource.ofValues(Map.of(
                "generator.method", "persona-self-instruct", "llm.base-url", "http://127.0.0.1:9/v1")));
        assertThat(config.method().name()).isEqualTo("persona-self-instruct");
        assertThat(config.demonstrations()).isEqualTo(4);

        assertThatThrownBy(() -> GeneratorConfig.from(ConfigSource.ofValues(Map.of("generator.demos", "5",
                "llm.base-url", "http://127.0.0.1:9/v1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("generator.demos is no longer read: set generator.demonstrations");
        assertThatThrownBy(() -> GeneratorConfig.from(ConfigSource.ofValues(Map.of("generator.method", "magpie",
                "llm.base-url", "http://127.0.0.1:9/v1"))))
                .hasMessageContaining("unknown generation method 'magpie'");
    }

    @Test
    void everyMethodProposesCandidatesFromThePoolThroughTheSimulatedLlm() {
        TestPool pool = new TestPool();
        for (int i = 0; i < 12; i++) {
            pool.human().put(new Demonstration("h" + i, "Write a short story about a " + COLOURS[i] + " kite.",
                    i % 2 == 0 ? "" : "The kite is " + COLOURS[i] + ".", "Once upon a time.", false));
            pool.humanClassification().put(new Demonstration("c" + i, "Classify the sentiment of the review as "
                    + "positive or negative.", "The " + COLOURS[i] + " one was great.", "positive", true));
        }
        try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults()
                .withLatency(Duration.ofMillis(1)));
                LlmClient client = LlmClient.create(LlmSettings.from(ConfigSource.ofValues(Map.of(
                        "llm.base-url", server.baseUrl(), "llm.model", "simulated")), 0.7, 1024))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            LlmGateway gateway = new LlmGateway("generator", client, new CostMeter(client.settings().prices(), registry),
                    registry);
            for (GenerationMethod method : GenerationMethods.all()) {
                Proposer proposer = method.proposer(new MethodContext(pool, gateway, LanguageChoice.AUTO,
                        Math.max(1, method.demonstrations()), 0));
                assertThat(proposer.canGenerate(pool)).as(method.name()).isTrue();
                List<CandidateInstruction> candidates = new ArrayList<>();
                List<Rejection> rejections = new ArrayList<>();
                Random random = new Random(7);
                for (int unit = 0; unit < 6; unit++) {
                    Generated generated = proposer.generate(random).join();
                    candidates.addAll(generated.candidates());
                    rejections.addAll(generated.rejections());
                }
                assertThat(candidates).as(method.name() + " proposes candidates").isNotEmpty();
                assertThat(candidates).as(method.name()).allSatisfy(candidate -> {
                    assertThat(candidate.getInstruction()).isNotBlank();
                    assertThat(candidate.getProvenance().getMethod()).isEqualTo(method.name());
                    assertThat(candidate.getProvenance().getPromptVersion()).matches("[a-z-]+-v\\d+");
                });
                assertThat(rejections).as(method.name()).allSatisfy(rejection ->
                        assertThat(rejection.getReason()).isNotBlank());
            }
            gateway.close();
        }
    }

    private static final String[] COLOURS = {"red", "blue", "green", "yellow", "black", "white", "grey", "pink",
            "orange", "purple", "brown", "golden"};

    /** A pool held in memory, as the generator's pool view holds the pool topic. */
    private static final class TestPool implements Pool {
        private final DemonstrationPool human = new DemonstrationPool();
        private final DemonstrationPool machine = new DemonstrationPool();
        private final DemonstrationPool humanClassification = new DemonstrationPool();
        private final DemonstrationPool machineClassification = new DemonstrationPool();

        @Override
        public DemonstrationPool human() {
            return human;
        }

        @Override
        public DemonstrationPool machine() {
            return machine;
        }

        @Override
        public DemonstrationPool humanClassification() {
            return humanClassification;
        }

        @Override
        public DemonstrationPool machineClassification() {
            return machineClassification;
        }

        @Override
        public Demonstration any(Random random) {
            return human.sample(1, random).get(0);
        }
    }
}
