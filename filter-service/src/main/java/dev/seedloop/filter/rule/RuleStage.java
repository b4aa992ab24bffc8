package dev.seedloop.filter.rule;

/** What a rule judges: a candidate's instruction, or a response's instances. */
public enum RuleStage {
    /** Candidates, before they join the pool: their instruction text, then exact and near duplicates. */
    INSTRUCTION,
    /** Responses, before they become examples: each instance, and the response as a whole. */
    RESPONSE
}
