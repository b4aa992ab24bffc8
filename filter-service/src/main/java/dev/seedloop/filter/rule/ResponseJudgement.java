package dev.seedloop.filter.rule;

import dev.seedloop.schemas.InstanceSources;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.InstanceSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A response as the response rules judge it, one rule after another: the instances still kept, the ones dropped
 * with the rule that dropped them, and a rejection of the whole response once one rule decides it.
 */
public final class ResponseJudgement {

    /** An instance a rule dropped, and why. */
    public record Drop(Instance instance, Violation violation) {
    }

    private final Example response;
    private final List<Instance> kept;
    private final List<Drop> dropped = new ArrayList<>();
    private Violation rejection;

    public ResponseJudgement(Example response) {
        this.response = response;
        this.kept = new ArrayList<>(response.getInstances());
    }

    public Example response() {
        return response;
    }

    /** How the response's instances were obtained: asked for, a direct answer, or carried with the candidate. */
    public InstanceSource instanceSource() {
        return InstanceSources.of(response.getProvenance());
    }

    /** The instances kept so far, in order. */
    public List<Instance> kept() {
        return Collections.unmodifiableList(kept);
    }

    /** Drops each kept instance that {@code rule} finds a violation in, in order; the others stay in order. */
    public void dropEach(Function<Instance, Optional<Violation>> rule) {
        List<Instance> still = new ArrayList<>(kept.size());
        for (Instance instance : kept) {
            Optional<Violation> violation = rule.apply(instance);
            if (violation.isPresent()) {
                dropped.add(new Drop(instance, violation.get()));
            } else {
                still.add(instance);
            }
        }
        kept.clear();
        kept.addAll(still);
    }

    /** Drops the last kept instance, if any. */
    public void dropLast(Violation violation) {
        if (!kept.isEmpty()) {
            dropped.add(new Drop(kept.remove(kept.size() - 1), violation));
        }
    }

    /** Keeps the first {@code count} kept instances and drops the others. */
    public void keepFirst(int count, Violation violation) {
        while (kept.size() > count) {
            dropped.add(new Drop(kept.remove(count), violation));
        }
    }

    /** Rejects the whole response: no later rule runs. */
    public void reject(Violation violation) {
        if (rejection == null) {
            rejection = violation;
        }
    }

    public Optional<Violation> rejection() {
        return Optional.ofNullable(rejection);
    }

    public List<Drop> dropped() {
        return Collections.unmodifiableList(dropped);
    }
}
