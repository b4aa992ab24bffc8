package dev.seedloop.system.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.filter.FilterConfig;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.runtime.lifecycle.RunningService;
import dev.seedloop.runtime.lifecycle.StopSequence;
import dev.seedloop.schemas.AvroSerde;
import dev.seedloop.schemas.InstructionId;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Embedding;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.testkit.SharedData;
import dev.seedloop.testkit.TestKafka;
import dev.seedloop.testkit.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharded judge on a real broker against the single judge on the same input: seed tasks in the pool, then real
 * instructions with copies and rewordings (and vectors, so the semantic rule is sharded too), a pool entry removed and
 * one added from elsewhere part way, and bytes that are no candidate. The sharded judge runs as four filter processes
 * (in this JVM): one for each shard, the sequencer, and a second sequencer started by mistake. A shard is stopped part
 * way and started again; later the deciding sequencer is stopped and the other takes over. Every verdict must be the
 * single judge's, field by field, and given once.
 */
@Timeout(300)
class ShardedJudgeIT {

    private static final int CANDIDATES = 2_000;

    static {
        AvroSerde.trustRecords();
    }

    @TempDir
    Path work;

    private int processes;

    @Test
    void theShardedJudgeDecidesAsTheSingleJudgeThroughAStoppedShardAndASequencerHandOver() throws Exception {
        try (StopSequence stops = new StopSequence("sharded-judge-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            Map<String, String> rules = Map.of("embedding.provider", "remote", "embedding.model", "test-model",
                    "filter.semantic-duplicate.threshold", "0.9");
            String model = FilterRules.from(ConfigSource.ofValues(rules)).embeddingModel().orElseThrow();
            List<ProducerRecord<String, Object>> input = input(model);

            // Given the same input on two loops' topics, the seed tasks first and taken in before the candidates come
            // (so that both judges see them in the same order); the sharded loop's candidates in three parts
            int seeds = indexOf(input, "c-0");
            // (the seed's removal and the human entry's addition come just before the candidate a third of the way)
            int change = indexOf(input, "c-" + CANDIDATES / 3) - 2;
            int firstPart = indexOf(input, "c-" + CANDIDATES * 2 / 5);
            int secondPart = indexOf(input, "c-" + CANDIDATES * 7 / 10);
            TopicRegistry single = write(broker, "single", input.subList(0, seeds));
            TopicRegistry sharded = write(broker, "sharded", input.subList(0, seeds));

            // When the single judge judges one
            Filter judge = stops.add("single", filter(broker, "single", rules, Map.of()));
            await().atMost(Duration.ofMinutes(1)).until(() -> judge.poolSize() == seeds);
            // (Kafka Streams merges the two topics by timestamp only among the records it has fetched: the pool's
            // removal and addition go in once the candidates before them are judged, and are taken in before more come)
            write(broker, "single", input.subList(seeds, change));
            await().atMost(Duration.ofMinutes(1)).until(() -> verdicts(broker, single).size() == CANDIDATES / 3);
            double pool = judge.poolSize();
            write(broker, "single", input.subList(change, change + 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> judge.poolSize() == pool - 1);
            write(broker, "single", input.subList(change + 1, change + 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> judge.poolSize() == pool);
            write(broker, "single", input.subList(change + 2, input.size()));
            await().atMost(Duration.ofMinutes(2)).until(() -> verdicts(broker, single).size() >= CANDIDATES);
            judge.close();

            // and the sharded judge the other, as four processes: two shards, a sequencer and a second one
            Map<String, String> sequencerOnly = Map.of("filter.shard-workers", "none");
            Map<String, String> shardOnly = Map.of("filter.sequencer", "false");
            Filter first = stops.add("sequencer", filter(broker, "sharded", rules, sequencerOnly));
            Filter shard0 = stops.add("shard 0", filter(broker, "sharded", rules, with(shardOnly,
                    "filter.shard-workers", "0")));
            Filter shard1 = filter(broker, "sharded", rules, with(shardOnly, "filter.shard-workers", "1"));
            Filter second = stops.add("second sequencer", filter(broker, "sharded", rules, sequencerOnly));
            await().atMost(Duration.ofMinutes(1)).until(() -> TopicReader.readAll(broker.bootstrapServers(),
                    sharded.decisions(2).name()).stream().filter(record -> new String(record.key(),
                    StandardCharsets.UTF_8).matches("[0-9a-f]{32}")).count() == seeds);
            write(broker, "sharded", input.subList(seeds, firstPart));
            await().atMost(Duration.ofMinutes(1)).until(() -> verdicts(broker, sharded).size()
                    == CANDIDATES * 2 / 5);
            // (the second's joining moves the decider's part once, to either)
            await().atMost(Duration.ofSeconds(30)).until(() -> first.deciding() ^ second.deciding());

            // and shard 1 stops before the second part comes: the sequencer waits, says so, and decides nothing
            shard1.close();
            write(broker, "sharded", input.subList(firstPart, secondPart));
            await().atMost(Duration.ofSeconds(30)).until(() -> !first.isReady() || !second.isReady());
            assertThat(verdicts(broker, sharded)).hasSize(CANDIDATES * 2 / 5);
            Filter shard1Again = stops.add("shard 1", filter(broker, "sharded", rules, with(shardOnly,
                    "filter.shard-workers", "1")));
            await().atMost(Duration.ofMinutes(1)).until(() -> verdicts(broker, sharded).size()
                    == CANDIDATES * 7 / 10);
            // (the new process's Streams application joining makes every filter process rebalance a moment)
            await().atMost(Duration.ofSeconds(30)).until(() -> first.isReady() && second.isReady());

            // and then the deciding sequencer stops before the last part comes: the other one takes over
            Filter deciding = first.deciding() ? first : second;
            Filter waiting = first.deciding() ? second : first;
            deciding.close();
            write(broker, "sharded", input.subList(secondPart, input.size()));
            await().atMost(Duration.ofMinutes(2)).until(() -> verdicts(broker, sharded).size() >= CANDIDATES);

            // Then every candidate has one verdict, the single judge's, field by field
            Map<String, String> expected = verdicts(broker, single);
            Map<String, String> actual = verdicts(broker, sharded);
            assertThat(actual).hasSize(CANDIDATES);
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            List<String> differences = expected.keySet().stream().sorted()
                    .filter(candidate -> !expected.get(candidate).equals(actual.get(candidate)))
                    .map(candidate -> candidate + "\n  single:  " + expected.get(candidate) + "\n  sharded: "
                            + actual.get(candidate)).toList();
            assertThat(differences).as("verdicts that differ").isEmpty();
            assertThat(expected.values()).anyMatch(verdict -> verdict.startsWith("rejected near-duplicate"))
                    .anyMatch(verdict -> verdict.startsWith("rejected semantic-duplicate"))
                    .anyMatch(verdict -> verdict.startsWith("rejected exact-duplicate"))
                    .anyMatch(verdict -> verdict.startsWith("accepted"));
            // and the bytes that are no candidate are dead-lettered by both, with their coordinates
            assertThat(deadLetters(broker, sharded)).hasSize(1)
                    .allSatisfy(letter -> assertThat(letter.getSource().getTopic()).isEqualTo(
                            sharded.candidates().name()));
            assertThat(deadLetters(broker, single)).hasSize(1);
            assertThat(waiting.deciding()).isTrue();
            // and the shard that owned the removed seed was asked again for the candidates it answered before
            // applying the removal
            assertThat(TopicReader.readAll(broker.bootstrapServers(), sharded.decisions(2).name()))
                    .anyMatch(record -> new String(record.key(), StandardCharsets.UTF_8).startsWith("question/"));
            assertThat(shard0.isAlive() && shard1Again.isAlive() && waiting.isAlive()).isTrue();
        }
    }

    @Test
    void aDecisionsTopicWithAnotherNumberOfPartitionsThanShardsIsRefusedSayingWhatToSet() throws Exception {
        try (StopSequence stops = new StopSequence("sharded-judge-it")) {
            TestKafka broker = stops.add("broker", TestKafka.start());
            TopicRegistry topics = TopicRegistry.withPrefix("odd");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topics.decisions(3).name(), 3, (short) 1))).all().get();
            }
            assertThatThrownBy(() -> filter(broker, "odd", Map.of("filter.semantic-duplicate.enabled", "false"),
                    Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("filter.shards is 2 but topic odd.judge.decisions has 3 partitions")
                    .hasMessageContaining("set filter.shards=3");
        }
    }

    /** A filter process as its Main composes it, with its own metrics. */
    private record Filter(RunningService service, SimpleMeterRegistry metrics) implements AutoCloseable {

        /** The instructions the single judge's pool holds. */
        double poolSize() {
            return metrics.find("seedloop.filter.pool.instructions").gauge().value();
        }

        boolean deciding() {
            var gauge = metrics.find("seedloop.filter.sequencer.deciding").gauge();
            return gauge != null && gauge.value() == 1.0;
        }

        boolean isReady() {
            return service.isReady();
        }

        boolean isAlive() {
            return service.isAlive();
        }

        @Override
        public void close() {
            service.close();
        }
    }

    private Filter filter(TestKafka broker, String prefix, Map<String, String> rules, Map<String, String> own) {
        Map<String, String> settings = new HashMap<>(rules);
        settings.putAll(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(), "kafka.topic-prefix", prefix,
                "http.port", "-1", "filter.application-id", prefix + "-filter", "filter.state-dir",
                work.resolve(prefix + "-" + processes++).toString(), "filter.shard-silence", "2s"));
        if (!prefix.equals("single")) {
            settings.put("filter.shards", "2");
        }
        settings.putAll(own);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        return new Filter(dev.seedloop.filter.Main.start(FilterConfig.from(ConfigSource.ofValues(settings)),
                metrics), metrics);
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(key, value);
        return more;
    }

    /**
     * The input, in its order: seed tasks into the pool, then candidates (real instructions, one in five a copy or a
     * rewording of an earlier one) with vectors, a seed removed and a human entry added after a third of them, and
     * bytes that are no candidate after half.
     */
    private static List<ProducerRecord<String, Object>> input(String model) {
        Random random = new Random(20261203L);
        Map<String, float[]> byOpening = new HashMap<>();
        List<ProducerRecord<String, Object>> input = new ArrayList<>();
        List<String> seeds = SharedData.field("seed_tasks.jsonl", "instruction");
        for (String seed : seeds) {
            input.add(new ProducerRecord<>("pool", InstructionId.of(seed), PoolEntry.newBuilder()
                    .setId(InstructionId.of(seed)).setInstruction(seed).setSource(Source.HUMAN_SEED)
                    .setProvenance(Provenance.newBuilder().build()).setAddedAt(Instant.EPOCH)
                    .setEmbedding(vector(seed, model, random, byOpening)).build()));
        }
        List<String> lines = SharedData.field("alpaca_5000.jsonl", "instruction");
        List<String> texts = new ArrayList<>();
        for (int i = 0; texts.size() < CANDIDATES; i++) {
            String line = lines.get(i);
            texts.add(line);
            if (random.nextInt(5) == 0 && texts.size() < CANDIDATES) {
                String earlier = texts.get(random.nextInt(texts.size()));
                String[] words = earlier.split(" ");
                texts.add(switch (random.nextInt(3)) {
                    case 0 -> earlier;
                    case 1 -> earlier + " quickly";
                    default -> String.join(" ", Arrays.copyOfRange(words, 0, Math.max(1, words.length - 1)));
                });
            }
        }
        for (int i = 0; i < texts.size(); i++) {
            if (i == CANDIDATES / 3) {
                input.add(new ProducerRecord<>("pool", InstructionId.of(seeds.get(7)), null));
                String added = "Describe the water cycle to a ten-year-old in five sentences.";
                input.add(new ProducerRecord<>("pool", InstructionId.of(added), PoolEntry.newBuilder()
                        .setId(InstructionId.of(added)).setInstruction(added).setSource(Source.HUMAN_DATASET)
                        .setProvenance(Provenance.newBuilder().build()).setAddedAt(Instant.EPOCH)
                        .setEmbedding(vector(added, model, random, byOpening)).build()));
            }
            if (i == CANDIDATES / 2) {
                input.add(new ProducerRecord<>("candidates", "garbage", "no candidate".getBytes(StandardCharsets.UTF_8)));
            }
            String text = texts.get(i);
            input.add(new ProducerRecord<>("candidates", "c-" + i, CandidateInstruction.newBuilder()
                    .setCandidateId("c-" + i).setInstructionId(InstructionId.of(text)).setInstruction(text)
                    .setProvenance(Provenance.newBuilder().setMethod("test").build()).setGeneratedAt(Instant.EPOCH)
                    .setEmbedding(vector(text, model, random, byOpening)).build()));
        }
        return input;
    }

    /** A unit vector of 16 dimensions, close to the vector of an earlier text with the same first three words. */
    private static Embedding vector(String text, String model, Random random, Map<String, float[]> byOpening) {
        String[] words = text.split(" ");
        String opening = String.join(" ", Arrays.copyOfRange(words, 0, Math.min(3, words.length)));
        float[] base = byOpening.computeIfAbsent(opening, unused -> {
            float[] fresh = new float[16];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = (float) random.nextGaussian();
            }
            return fresh;
        });
        float[] vector = new float[base.length];
        double noise = random.nextDouble() * 0.5;
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (base[i] + noise * random.nextGaussian() / 4);
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return EmbeddingRecords.of(model, vector, null);
    }

    private static int indexOf(List<ProducerRecord<String, Object>> input, String key) {
        for (int i = 0; i < input.size(); i++) {
            if (input.get(i).key().equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record " + key);
    }

    /**
     * Writes {@code input} to the topics under {@code prefix}, a millisecond apart, in order: a record of one topic is
     * on the broker before a later record of the other is sent (the sequencer takes a record of one topic only once
     * the other has nothing older left to fetch).
     */
    @SuppressWarnings("unchecked")
    private static TopicRegistry write(TestKafka broker, String prefix, List<ProducerRecord<String, Object>> input)
            throws Exception {
        KafkaSettings kafka = KafkaSettings.from(ConfigSource.ofValues(Map.of("kafka.bootstrap-servers",
                broker.bootstrapServers(), "kafka.topic-prefix", prefix)));
        TopicRegistry topics = kafka.topics();
        KafkaClients clients = new KafkaClients(kafka);
        TopicProvisioner.provision(clients, "sharded-judge-it");
        long timestamp = System.currentTimeMillis() - input.size();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("sharded-judge-it"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            String previous = null;
            for (ProducerRecord<String, Object> record : input) {
                if (previous != null && !previous.equals(record.topic())) {
                    // on the broker before the next topic's records are sent, so that the sequencer finds them there
                    producer.flush();
                }
                previous = record.topic();
                Topic<String, Object> topic = (Topic<String, Object>) (Topic<?, ?>) (record.topic().equals("pool")
                        ? topics.pool() : topics.candidates());
                byte[] value = record.value() == null ? null : record.value() instanceof byte[] bytes ? bytes
                        : topic.valueSerde().serializer().serialize(topic.name(), record.value());
                producer.send(new ProducerRecord<>(topic.name(), 0, timestamp++,
                        record.key().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return topics;
    }

    /** Each candidate's verdict as the filter wrote it, every field but the time, by candidate id. */
    private static Map<String, String> verdicts(TestKafka broker, TopicRegistry topics) {
        Map<String, String> verdicts = new HashMap<>();
        for (AcceptedInstruction accepted : values(broker, topics.instructions())) {
            String verdict = String.join(" | ", "accepted", accepted.getInstructionId(),
                    String.valueOf(accepted.getMaxRougeL()), String.valueOf(accepted.getMostSimilarId()),
                    String.valueOf(accepted.getMaxCosine()), String.valueOf(accepted.getMostSimilarByCosineId()),
                    String.valueOf(accepted.getMostSimilarByCosineInstruction()), accepted.getConfigVersion(),
                    String.valueOf(accepted.getSource().getOffset()));
            assertThat(verdicts.put(accepted.getCandidateId(), verdict)).as("verdicts on %s",
                    accepted.getCandidateId()).isNull();
        }
        for (Rejection rejection : values(broker, topics.rejections())) {
            if (rejection.getStage() != RejectionStage.INSTRUCTION) {
                continue;
            }
            String verdict = String.join(" | ", "rejected " + rejection.getReason(), rejection.getDetail(),
                    String.valueOf(rejection.getScore()), String.valueOf(rejection.getThreshold()),
                    String.valueOf(rejection.getDuplicateOf()), String.valueOf(rejection.getDuplicateOfInstruction()),
                    rejection.getInstructionId(), rejection.getConfigVersion(),
                    String.valueOf(rejection.getSource().getOffset()));
            assertThat(verdicts.put(rejection.getCandidateId(), verdict)).as("verdicts on %s",
                    rejection.getCandidateId()).isNull();
        }
        return verdicts;
    }

    private static List<DeadLetter> deadLetters(TestKafka broker, TopicRegistry topics) {
        return values(broker, topics.deadLetters());
    }

    private static <T> List<T> values(TestKafka broker, Topic<String, T> topic) {
        return TopicReader.readAll(broker.bootstrapServers(), topic.name()).stream()
                .filter(record -> record.value() != null)
                .map(record -> topic.valueSerde().deserializer().deserialize(topic.name(), record.value()))
                .toList();
    }
}
