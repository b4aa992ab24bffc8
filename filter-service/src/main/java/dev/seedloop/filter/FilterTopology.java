package dev.seedloop.filter;

import static dev.seedloop.runtime.kafka.StreamsTopics.consumed;
import static dev.seedloop.runtime.kafka.StreamsTopics.produced;

import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.Embedding;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The filter as one Kafka Streams topology with two sub-topologies.
 *
 * <ol>
 *   <li>Instructions: candidates and pool records merge into one ordered sequence (both topics have one
 *       partition, so one task sees both) that {@link InstructionJudge} folds over, with the pool in the store
 *       {@value #POOL_STORE} and its vectors in {@value #VECTOR_STORE}. Accepted candidates go to the accepted-instructions topic, rejections to the
 *       rejections topic.</li>
 *   <li>Responses: the response rules ({@link ResponseJudge}) pass the instances they keep into the examples
 *       topic, and record a rejection for each they drop.</li>
 * </ol>
 */
public final class FilterTopology {

    /** The judged pool: instruction id → instruction text. */
    public static final String POOL_STORE = "pool-instructions";
    /** The vectors the pool's records carried: instruction id → vector with its model. */
    public static final String VECTOR_STORE = "pool-vectors";

    private FilterTopology() {
    }

    /**
     * The topology for {@code rules}; accepted instructions report their exact highest ROUGE-L whenever it is
     * above the rules' score floor (at most the threshold).
     */
    public static Topology build(FilterRules rules, TopicRegistry topics, MeterRegistry meterRegistry) {
        FilterMetrics metrics = new FilterMetrics(meterRegistry);
        metrics.expect(rules);
        return build(rules, topics, metrics, true);
    }

    /**
     * The topology counting into {@code metrics}; without {@code judgeInstructions} it has the responses only (the
     * sharded judge's processes judge the instructions).
     */
    static Topology build(FilterRules rules, TopicRegistry topics, FilterMetrics metrics, boolean judgeInstructions) {
        StreamsBuilder builder = new StreamsBuilder();
        if (judgeInstructions) {
            instructions(builder, rules, topics, metrics);
        }
        KStream<String, Verdict> responseVerdicts = builder
                .stream(topics.responses().name(), consumed(topics.responses(), "responses-source"))
                .processValues(() -> new ResponseJudge(rules, metrics), Named.as("response-judge"));
        responseVerdicts.split(Named.as("response-verdict-"))
                .branch((key, verdict) -> verdict instanceof Verdict.AcceptedExample,
                        Branched.withConsumer(accepted -> accepted
                                .mapValues(verdict -> ((Verdict.AcceptedExample) verdict).example(),
                                        Named.as("accepted-example-records"))
                                .to(topics.examples().name(), produced(topics.examples(), "examples-sink")),
                                "accepted"))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                        .mapValues(verdict -> ((Verdict.Rejected) verdict).rejection(),
                                Named.as("response-rejection-records"))
                        .to(topics.rejections().name(), produced(topics.rejections(), "response-rejections-sink")),
                        "rejected"));
        return builder.build();
    }

    private static void instructions(StreamsBuilder builder, FilterRules rules, TopicRegistry topics,
            FilterMetrics metrics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POOL_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VECTOR_STORE),
                Serdes.String(), AvroSerde.of(Embedding.class)));

        KStream<String, InstructionEvent> candidates = builder
                .stream(topics.candidates().name(), consumed(topics.candidates(), "candidates-source"))
                .mapValues(candidate -> (InstructionEvent) new InstructionEvent.Candidate(candidate),
                        Named.as("candidate-events"));
        KStream<String, InstructionEvent> pool = builder
                .stream(topics.pool().name(), consumed(topics.pool(), "pool-source"))
                .mapValues((id, entry) -> (InstructionEvent) new InstructionEvent.PoolRecord(id, entry),
                        Named.as("pool-events"));
        KStream<String, Verdict> instructionVerdicts = candidates
                .merge(pool, Named.as("instruction-events"))
                .process(() -> new InstructionJudge(rules, metrics), Named.as("instruction-judge"), POOL_STORE,
                        VECTOR_STORE);
        instructionVerdicts.split(Named.as("instruction-verdict-"))
                .branch((key, verdict) -> verdict instanceof Verdict.AcceptedCandidate,
                        Branched.withConsumer(accepted -> accepted
                                .mapValues(verdict -> ((Verdict.AcceptedCandidate) verdict).instruction(),
                                        Named.as("accepted-instruction-records"))
                                .to(topics.instructions().name(),
                                        produced(topics.instructions(), "instructions-sink")), "accepted"))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                        .mapValues(verdict -> ((Verdict.Rejected) verdict).rejection(),
                                Named.as("instruction-rejection-records"))
                        .to(topics.rejections().name(),
                                produced(topics.rejections(), "instruction-rejections-sink")), "rejected"));
    }
}
