package dev.seedloop.generator;

import dev.seedloop.llm.LlmGateway;

/**
 * What a generation method is given to work with.
 *
 * @param pool                    the pool as the generator reads it: demonstrations and parents
 * @param gateway                 the stage's LLM gateway (retries, adaptive concurrency, cost)
 * @param language                the prompts' language, or auto
 * @param demonstrations          demonstrations per prompt ({@code generator.demonstrations}, or the method's own)
 * @param machineDemonstrations   how many of them machine-generated ({@code generator.machine-demonstrations})
 */
public record MethodContext(Pool pool, LlmGateway gateway, LanguageChoice language, int demonstrations,
        int machineDemonstrations) {
}
