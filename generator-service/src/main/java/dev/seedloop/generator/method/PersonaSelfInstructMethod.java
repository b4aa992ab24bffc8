package dev.seedloop.generator.method;

import dev.seedloop.generator.Demonstration;
import dev.seedloop.generator.GenerationMethod;
import dev.seedloop.generator.Generated;
import dev.seedloop.generator.Languages;
import dev.seedloop.generator.MethodContext;
import dev.seedloop.generator.Pool;
import dev.seedloop.generator.Proposer;
import dev.seedloop.llm.Language;
import dev.seedloop.llm.PromptTemplate;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Persona-driven Self-Instruct, after Persona Hub (Ge et al., 2024): each call picks a persona from the shipped
 * list of its language ({@code /personas/<language>.txt}) and asks for the tasks that person would ask, below a
 * few pool tasks in Self-Instruct's numbered list. The persona goes on the provenance as the operation. Persona
 * tasks are open requests, so the responder answers them directly.
 */
public final class PersonaSelfInstructMethod implements GenerationMethod {

    static final String PROMPT = "persona-self-instruct-v1";

    @Override
    public String name() {
        return "persona-self-instruct";
    }

    @Override
    public String description() {
        return "Persona Hub style: the tasks one of 40 shipped personas would ask, below 4 pool tasks";
    }

    @Override
    public InstanceSource instanceSource() {
        return InstanceSource.DIRECT_ANSWER;
    }

    @Override
    public int demonstrations() {
        return 4;
    }

    @Override
    public Proposer proposer(MethodContext context) {
        Map<Language, List<String>> personas = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            personas.put(language, personas(language));
        }
        Map<Language, PromptTemplate> prompts = PromptTemplate.loadAll(PersonaSelfInstructMethod.class, PROMPT);
        DemonstrationSampler sampler = new DemonstrationSampler(context.demonstrations(),
                context.machineDemonstrations());
        return new Proposer() {
            @Override
            public boolean canGenerate(Pool pool) {
                return pool.human().size() + pool.machine().size() > 0;
            }

            @Override
            public CompletableFuture<Generated> generate(Random random) {
                List<Demonstration> shown = sampler.sample(context.pool().human(), context.pool().machine(),
                        random);
                Language chosen = Languages.choose(context.language(),
                        shown.stream().map(Demonstration::instruction).toList());
                List<String> candidates = personas.get(chosen);
                String persona = candidates.get(random.nextInt(candidates.size()));
                PromptTemplate template = prompts.get(chosen);
                String requestId = UUID.randomUUID().toString();
                return context.gateway().submit(SelfInstructPrompt.render(template,
                                template.render(Map.of("persona", persona)), shown))
                        .thenApply(reply -> TaskLists.read(reply, requestId, Provenance.newBuilder()
                                .setMethod(name())
                                .setModel(reply.model())
                                .setPromptVersion(template.id())
                                .setRequestId(requestId)
                                .setDemoIds(shown.stream().map(Demonstration::id).toList())
                                .setOperation("persona: " + persona)
                                .setLanguage(chosen.code())
                                .build()));
            }

            @Override
            public int candidatesPerUnit() {
                // the list goes on after 4 demonstrations up to item 15
                return 11;
            }
        };
    }

    /** The personas of one language: one per line, '#' lines are comments. */
    static List<String> personas(Language language) {
        String resource = "/personas/" + language.code() + ".txt";
        try (InputStream in = PersonaSelfInstructMethod.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("persona list " + resource + " is missing from the build");
            }
            List<String> personas = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            if (personas.isEmpty()) {
                throw new IllegalStateException("persona list " + resource + " names nobody");
            }
            return personas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
