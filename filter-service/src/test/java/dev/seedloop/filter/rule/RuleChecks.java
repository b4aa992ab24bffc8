package dev.seedloop.filter.rule;

import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import dev.seedloop.schemas.avro.Provenance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a rule's test needs: its check built from settings, and a response to judge. */
public final class RuleChecks {

    private RuleChecks() {
    }

    /** {@code rule}'s check under {@code values} (the preset included), as the filter builds it. */
    public static Check check(Rule rule, Map<String, String> values) {
        return rule.check(Rules.settings(rule, ConfigSource.ofValues(values)));
    }

    /** {@code rule}'s verdict on {@code instruction} under {@code values}. */
    public static Optional<Violation> judge(Rule rule, Map<String, String> values, String instruction) {
        return ((InstructionCheck) check(rule, values)).check(instruction);
    }

    /** {@code rule}'s verdict on {@code instruction} with its default settings. */
    public static Optional<Violation> judge(Rule rule, String instruction) {
        return judge(rule, Map.of(), instruction);
    }

    /** {@code rule}'s judgement of {@code response} under {@code values}. */
    public static ResponseJudgement judge(Rule rule, Map<String, String> values, Example response) {
        ResponseJudgement judgement = new ResponseJudgement(response);
        ((ResponseCheck) check(rule, values)).judge(judgement);
        return judgement;
    }

    /** {@code rule}'s judgement of {@code response} with its default settings. */
    public static ResponseJudgement judge(Rule rule, Example response) {
        return judge(rule, Map.of(), response);
    }

    /** A response whose instances were asked for. */
    public static Example response(Instance... instances) {
        return response(InstanceSource.INSTANCES_ASKED, instances);
    }

    /** A response whose instances came as {@code source} says. */
    public static Example response(InstanceSource source, Instance... instances) {
        return Example.newBuilder().setInstructionId("i").setCandidateId("c").setInstruction("Do it.")
                .setInstances(List.of(instances))
                .setProvenance(Provenance.newBuilder().setMethod("test").setInstanceSource(source).build())
                .setRespondedAt(Instant.EPOCH).build();
    }

    public static Instance instance(String input, String output) {
        return new Instance(input, output);
    }
}
