package dev.seedloop.generator;

/** {@code generator.language}: the language of the prompts, or {@code auto} to follow the pool's. */
public enum LanguageChoice {
    AUTO,
    EN,
    KO
}
