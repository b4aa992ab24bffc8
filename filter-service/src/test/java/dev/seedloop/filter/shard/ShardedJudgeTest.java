package dev.seedloop.filter.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sharded judge against the single one on real instructions: the seed tasks join unjudged, then Alpaca's,
 * WizardLM's and the user-oriented instructions, with copies and light rewordings of earlier ones mixed in, are judged
 * in order by both, each shard lagging a random number of decisions behind, and an accepted entry removed now and
 * then. Every verdict must be the same, field by field: the rule, the score, the entry duplicated or closest, and the
 * nearest vector.
 */
class ShardedJudgeTest {

    private static final String MODEL = "test-model";

    @BeforeAll
    static void trust() {
        AvroSerde.trustRecords();
    }

    @ParameterizedTest(name = "{0} shards, ROUGE-L above {1}, semantic rule {2}")
    @CsvSource({"1, 0.7, false", "2, 0.7, false", "3, 0.7, false", "4, 0.7, false", "2, 0.5, false",
            "3, 0.7, true", "2, 0.4, true"})
    void decidesEveryCandidateAsTheSingleJudgeDoes(int shardCount, String threshold, boolean semantic) {
        Map<String, String> settings = new HashMap<>(Map.of("filter.near-duplicate.threshold", threshold,
                "filter.semantic-duplicate.enabled", Boolean.toString(semantic)));
        if (semantic) {
            settings.put("embedding.provider", "remote");
            settings.put("embedding.model", MODEL);
            settings.put("filter.semantic-duplicate.threshold", "0.9");
        }
        FilterRules rules = FilterRules.from(ConfigSource.ofValues(settings));
        Random random = new Random(shardCount * 31L + (semantic ? 7 : 0));
        Vectors vectors = new Vectors(random);

        PoolJudge single = new PoolJudge(rules, true);
        JudgeSequencer sequencer = new JudgeSequencer(rules, shardCount);
        List<PoolShard> shards = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            shards.add(new PoolShard(rules, s, shardCount, true));
        }
        // The decisions in order, as the shards read them: an admission's text, or a removal's id
        List<Object> decisions = new ArrayList<>();
        int[] cursors = new int[shardCount];

        for (String seed : SharedData.field("seed_tasks.jsonl", "instruction")) {
            PoolJudge.Text text = vectors.text(seed, rules);
            single.admit(text);
            decisions.add(sequencer.admit(text));
        }
        List<String> accepted = new ArrayList<>();
        int lastRemoval = -1;
        int compared = 0;
        int rejected = 0;
        int boundary = 0;
        for (String instruction : candidates(random)) {
            if (!accepted.isEmpty() && random.nextInt(100) == 0) {
                String leaving = accepted.remove(random.nextInt(accepted.size()));
                single.remove(leaving);
                decisions.add(new Removal(leaving, sequencer.remove(leaving)));
                lastRemoval = decisions.size() - 1;
            }
            PoolJudge.Text text = vectors.text(instruction, rules);
            PoolJudge.Judgement judgement = single.judge(text);
            CandidateVerdict expected = CandidateVerdict.of(judgement, single);
            if (judgement instanceof PoolJudge.Judgement.Pass) {
                single.admit(text);
            }

            // Each shard catches up a random part of what it has not applied; answers given before the last
            // removal are not enough, so such a shard is asked again once it has applied it
            List<ShardAnswer> answers = new ArrayList<>();
            for (PoolShard shard : shards) {
                int target = cursors[shard.shard()] + random.nextInt(decisions.size() - cursors[shard.shard()] + 1);
                while (cursors[shard.shard()] < target) {
                    apply(shard, decisions.get(cursors[shard.shard()]++), shardCount);
                }
                answers.add(shard.answer(text));
            }
            if (!sequencer.ready(answers)) {
                answers.clear();
                for (PoolShard shard : shards) {
                    while (cursors[shard.shard()] <= lastRemoval) {
                        apply(shard, decisions.get(cursors[shard.shard()]++), shardCount);
                    }
                    answers.add(shard.answer(text));
                }
                assertThat(sequencer.ready(answers)).isTrue();
            }
            CandidateVerdict actual = sequencer.decide(text, answers);
            assertThat(actual).as("candidate %d: %s", compared, instruction).isEqualTo(expected);
            if (actual.passed()) {
                decisions.add(sequencer.admit(text));
                accepted.add(text.id());
            } else {
                rejected++;
                if (actual.violation().get().score().isPresent() && Math.abs(actual.violation().get().score()
                        .getAsDouble() - Double.parseDouble(threshold)) < 0.02) {
                    boundary++;
                }
            }
            sequencer.forget(answers);
            compared++;
        }
        for (PoolShard shard : shards) {
            while (cursors[shard.shard()] < decisions.size()) {
                apply(shard, decisions.get(cursors[shard.shard()]++), shardCount);
            }
        }
        assertThat(compared).isGreaterThan(5_000);
        assertThat(rejected).as("rejections compared").isGreaterThan(500);
        assertThat(boundary).as("rejections within 0.02 of the threshold").isPositive();
        assertThat(shards.stream().mapToInt(PoolShard::size).sum()).isEqualTo(single.size());
    }

    private record Removal(String id, long sequence) {
    }

    /** A shard reads only the decisions about its own entries (one partition of the decisions, in Kafka). */
    private static void apply(PoolShard shard, Object decision, int shardCount) {
        if (decision instanceof JudgeSequencer.Admission admission) {
            if (PoolShard.of(admission.text().id(), shardCount) == shard.shard()) {
                shard.admit(admission.text(), admission.sequence());
            }
        } else {
            Removal removal = (Removal) decision;
            if (PoolShard.of(removal.id(), shardCount) == shard.shard()) {
                shard.remove(removal.id(), removal.sequence());
            }
        }
    }

    /** Real instructions, with one in six a copy or a light rewording of an earlier one. */
    private static List<String> candidates(Random random) {
        List<String> lines = new ArrayList<>(SharedData.field("alpaca_5000.jsonl", "instruction"));
        lines.addAll(SharedData.field("user_oriented_instructions.jsonl", "instruction"));
        lines.addAll(SharedData.field("wizardlm_testset.jsonl", "Instruction"));
        List<String> mixed = new ArrayList<>();
        for (String line : lines) {
            mixed.add(line);
            if (random.nextInt(6) == 0 && !mixed.isEmpty()) {
                String earlier = mixed.get(random.nextInt(mixed.size()));
                String[] words = earlier.split(" ");
                mixed.add(switch (random.nextInt(3)) {
                    case 0 -> earlier;
                    case 1 -> earlier + " quickly";
                    default -> String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.max(1,
                            words.length - 1 - random.nextInt(Math.max(1, words.length / 3)))));
                });
            }
        }
        return mixed;
    }

    /**
     * Unit vectors of 16 dimensions: random per instruction, and for a rewording (same first three words) close to
     * the vector of the instruction it rewords, so some land on either side of the semantic threshold.
     */
    private static final class Vectors {
        private final Random random;
        private final Map<String, float[]> byOpening = new HashMap<>();

        Vectors(Random random) {
            this.random = random;
        }

        PoolJudge.Text text(String instruction, FilterRules rules) {
            if (rules.semanticDuplicate().isEmpty()) {
                return PoolJudge.Text.of(instruction);
            }
            String[] words = instruction.split(" ");
            String opening = String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(3, words.length)));
            float[] base = byOpening.computeIfAbsent(opening, unused -> unit(randomVector(), 0));
            float[] vector = new float[base.length];
            double noise = random.nextDouble() * 0.5;
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (base[i] + noise * random.nextGaussian() / 4);
            }
            return PoolJudge.Text.of(instruction, EmbeddingRecords.of(MODEL, unit(vector, 0), null), MODEL);
        }

        private float[] randomVector() {
            float[] vector = new float[16];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) random.nextGaussian();
            }
            return vector;
        }

        private static float[] unit(float[] vector, int unused) {
            double norm = 0;
            for (float value : vector) {
                norm += value * value;
            }
            float[] unit = new float[vector.length];
            for (int i = 0; i < vector.length; i++) {
                unit[i] = (float) (vector[i] / Math.sqrt(norm));
            }
            return unit;
        }
    }
}
