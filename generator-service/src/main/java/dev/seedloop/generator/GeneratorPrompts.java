package dev.seedloop.generator;

import dev.seedloop.llm.Language;
import dev.seedloop.llm.PromptTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The generator's prompts in one language, read from {@code /prompts/<language>/}: each file's name, with its
 * version, is recorded in the provenance of what it produced.
 */
record GeneratorPrompts(
        Language language,
        PromptTemplate selfInstruct,
        PromptTemplate selfInstructClassification,
        PromptTemplate alpaca,
        PromptTemplate evolDepth,
        PromptTemplate evolBreadth,
        Map<String, String> evolMethods,
        PromptTemplate evolEquality) {

    static final String SELF_INSTRUCT = "self-instruct-v1";
    static final String SELF_INSTRUCT_CLASSIFICATION = "self-instruct-classification-v1";
    static final String ALPACA = "alpaca-v1";
    static final String EVOL_DEPTH = "evol-depth-v1";
    static final String EVOL_BREADTH = "evol-breadth-v1";
    static final String EVOL_METHODS = "evol-methods-v1";
    static final String EVOL_EQUALITY = "evol-equality-v1";

    private static final Map<Language, GeneratorPrompts> LOADED = new EnumMap<>(Language.class);

    static synchronized GeneratorPrompts of(Language language) {
        return LOADED.computeIfAbsent(language, GeneratorPrompts::load);
    }

    private static GeneratorPrompts load(Language language) {
        Class<GeneratorPrompts> owner = GeneratorPrompts.class;
        return new GeneratorPrompts(language,
                PromptTemplate.load(owner, language, SELF_INSTRUCT),
                PromptTemplate.load(owner, language, SELF_INSTRUCT_CLASSIFICATION),
                PromptTemplate.load(owner, language, ALPACA),
                PromptTemplate.load(owner, language, EVOL_DEPTH),
                PromptTemplate.load(owner, language, EVOL_BREADTH),
                methods(language),
                PromptTemplate.load(owner, language, EVOL_EQUALITY));
    }

    /** The in-depth methods by operation name, in file order. */
    private static Map<String, String> methods(Language language) {
        String resource = "/prompts/" + language.code() + "/" + EVOL_METHODS + ".properties";
        try (InputStream in = GeneratorPrompts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt resource " + resource + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> methods = new LinkedHashMap<>();
            for (String operation : EvolInstructMethod.DEPTH_OPERATIONS) {
                String text = properties.getProperty(operation);
                if (text == null) {
                    throw new IllegalStateException(resource + " has no method '" + operation + "'");
                }
                methods.put(operation, text.strip());
            }
            return Map.copyOf(methods);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
