package dev.seedloop.filter.rule;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.schemas.avro.Instance;
import java.util.List;
import java.util.Optional;

/**
 * A check for quoted benchmark items, made at both stages: on a candidate's instruction and the inputs it carries
 * (the instruction stage, after the text rules), and on each instance of a response, its input and its output
 * (the response stage, before the other response rules, so a leaked answer is named as such).
 *
 * @param rule  the rule's name, the reason code of what it rejects
 * @param index the eval sets' n-grams
 */
public record ContaminationCheck(String rule, ContaminationIndex index) implements Check {

    /** The first quote in the instruction, then in each input, in order. */
    public Optional<Violation> check(String instruction, List<String> inputs) {
        Optional<Violation> violation = check(instruction, "instruction");
        for (int i = 0; violation.isEmpty() && i < inputs.size(); i++) {
            violation = check(inputs.get(i), "input");
        }
        return violation;
    }

    /** Drops each instance whose input or output quotes an eval item. */
    public void judge(ResponseJudgement judgement) {
        judgement.dropEach(this::check);
    }

    private Optional<Violation> check(Instance instance) {
        Optional<Violation> violation = check(instance.getInput(), "input");
        return violation.isPresent() ? violation : check(instance.getOutput(), "output");
    }

    /** A quote in {@code text}, which the violation calls the record's {@code part} ("input", "output", ...). */
    public Optional<Violation> check(String text, String part) {
        return index.find(text).map(match -> Violation.quoted(rule, "the " + part + " quotes " + match.evalSet()
                        + " item " + match.itemId() + " (" + match.tokens() + " tokens): \"" + match.span() + "\"",
                match.tokens(), index.settings().span(), match.evalSet()));
    }
}
