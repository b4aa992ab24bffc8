package dev.seedloop.benchmarks;

import dev.seedloop.kafka.embedded.EmbeddedKafkaBroker;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.Rejection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The sharded judge end to end against the single judge, in the same run: for each shard count, filter-service as
 * the packaged command in its own JVM (the sequencer and every shard in that process, each on its own thread) on an
 * embedded broker, its own loop's topics holding the same pool; the same candidates are written once the pool is
 * taken in, and candidates per second are measured until the verdicts are committed. The verdicts are compared with
 * the single judge's, candidate by candidate, and the sequencer's own cost per candidate is read from its metrics.
 * Options: --pool (1000000), --candidates (100000), --shards (1,2,4; 1 is the single judge), --heap (1g), --jar.
 */
public final class ShardedFilterBenchmark {

    private ShardedFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        int poolSize = Integer.parseInt(options.getOrDefault("pool", "1000000"));
        int candidateCount = Integer.parseInt(options.getOrDefault("candidates", "100000"));
        List<Integer> shardCounts = java.util.Arrays.stream(options.getOrDefault("shards", "1,2,4").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        String heap = options.getOrDefault("heap", "1g");
        Path jar = Path.of(options.getOrDefault("jar", "launcher/target/seedloop.jar")).toAbsolutePath();
        Path work = Files.createTempDirectory("seedloop-sharded-bench");

        SyntheticInstructions lines = new SyntheticInstructions(1, 0.1, 0.7);
        List<String> pool = lines.next(poolSize);
        List<String> candidates = lines.next(candidateCount);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"))) {
            System.out.printf(Locale.ROOT, "# filter-service in its own JVM (-Xmx%s), the lexical rules, "
                    + "exactly-once, embedded broker; a pool of %,d, %,d candidates; %d cores%n%n", heap, poolSize,
                    candidateCount, Runtime.getRuntime().availableProcessors());
            System.out.println("| judge | pool taken in | candidates/s | x single | sequencer's own time a candidate "
                    + "| each shard's own time a candidate | differences from the single judge |");
            System.out.println("|---|---|---|---|---|---|---|");
            Map<String, String> single = null;
            double singleRate = 0;
            for (int shards : shardCounts) {
                String prefix = "s" + shards;
                KafkaClients clients = new KafkaClients(KafkaSettings.from(ConfigSource.ofValues(Map.of(
                        "kafka.bootstrap-servers", broker.bootstrapServers(), "kafka.topic-prefix", prefix))));
                TopicRegistry topics = clients.settings().topics();
                TopicProvisioner.provision(clients, "benchmark");
                StreamsFilterBenchmark.produce(clients, topics.pool().name(),
                        StreamsFilterBenchmark.poolEntries(pool, topics));
                int port = StreamsFilterBenchmark.freePort();
                String application = prefix + "-filter";
                String group = shards == 1 ? application : application + "-sequencer";
                Process filter = StreamsFilterBenchmark.startFilter(jar, heap, broker.bootstrapServers(),
                        work.resolve(prefix + "-state"), port, work.resolve(prefix + ".log"), Map.of(
                                "kafka.topic-prefix", prefix, "filter.application-id", application,
                                "filter.shards", Integer.toString(shards)));
                try {
                    long start = System.nanoTime();
                    StreamsFilterBenchmark.awaitReady(port, Duration.ofMinutes(5));
                    awaitCommitted(clients, group, topics.pool().name(), Duration.ofMinutes(30));
                    if (shards > 1) {
                        awaitApplied(clients, topics.decisions(shards).name(), application, shards);
                    }
                    double absorbed = StreamsFilterBenchmark.seconds(start);
                    double busyBefore = busySeconds(port, "seedloop_filter_sequencer_busy_seconds_total");
                    double shardsBefore = busySeconds(port, "seedloop_filter_shard_busy_seconds_total");
                    long started = System.nanoTime();
                    StreamsFilterBenchmark.produce(clients, topics.candidates().name(),
                            StreamsFilterBenchmark.candidates(candidates, topics, "c"));
                    awaitCommitted(clients, group, topics.candidates().name(), Duration.ofMinutes(60));
                    double elapsed = StreamsFilterBenchmark.seconds(started);
                    double rate = candidateCount / elapsed;
                    String busy = shards == 1 ? "-" : String.format(Locale.ROOT, "%.1f µs",
                            (busySeconds(port, "seedloop_filter_sequencer_busy_seconds_total") - busyBefore) * 1e6
                                    / candidateCount);
                    String shardBusy = shards == 1 ? "-" : String.format(Locale.ROOT, "%.1f µs",
                            (busySeconds(port, "seedloop_filter_shard_busy_seconds_total") - shardsBefore) * 1e6
                                    / candidateCount / shards);
                    Map<String, String> verdicts = verdicts(clients, topics);
                    String differences;
                    if (shards == 1) {
                        single = verdicts;
                        singleRate = rate;
                        differences = "(the reference)";
                    } else if (single == null) {
                        differences = "(no single judge in this run)";
                    } else {
                        Map<String, String> reference = single;
                        long differing = reference.keySet().stream()
                                .filter(id -> !reference.get(id).equals(verdicts.get(id))).count()
                                + verdicts.keySet().stream().filter(id -> !reference.containsKey(id)).count();
                        differences = String.format(Locale.ROOT, "%,d of %,d", differing, reference.size());
                        reference.keySet().stream().sorted()
                                .filter(id -> !reference.get(id).equals(verdicts.get(id))).limit(5)
                                .forEach(id -> System.err.printf(Locale.ROOT, "DIFFERENCE %s: single %s, %d shards %s%n",
                                        id, reference.get(id), shards, verdicts.get(id)));
                    }
                    System.out.printf(Locale.ROOT, "| %s | %.1f s | %,.0f | %s | %s | %s | %s |%n",
                            shards == 1 ? "single" : shards + " shards", absorbed, rate,
                            singleRate > 0 ? String.format(Locale.ROOT, "%.2f", rate / singleRate) : "-", busy,
                            shardBusy, differences);
                } finally {
                    StreamsFilterBenchmark.stop(filter);
                }
            }
        }
    }

    /** Each candidate's verdict: accepted with its closest entry and score, or the rule and the entry duplicated. */
    private static Map<String, String> verdicts(KafkaClients clients, TopicRegistry topics) {
        Map<String, String> verdicts = new HashMap<>();
        for (AcceptedInstruction accepted : values(clients, topics.instructions())) {
            verdicts.put(accepted.getCandidateId(), "accepted " + accepted.getMostSimilarId() + " "
                    + accepted.getMaxRougeL());
        }
        for (Rejection rejection : values(clients, topics.rejections())) {
            verdicts.put(rejection.getCandidateId(), rejection.getReason() + " " + rejection.getDuplicateOf() + " "
                    + rejection.getScore());
        }
        return verdicts;
    }

    private static <T> List<T> values(KafkaClients clients, Topic<String, T> topic) {
        Properties properties = new Properties();
        properties.putAll(clients.consumer("benchmark-reader", null));
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                    }
                }
            }
        }
        return values;
    }

    private static void awaitCommitted(KafkaClients clients, String group, String topic, Duration timeout)
            throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(clients.admin("benchmark"))) {
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                if (committed != null && committed.offset() >= end) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(topic + " not consumed by " + group + " within " + timeout);
    }

    /** Waits until every shard has applied every decision written so far (its committed position at the end). */
    private static void awaitApplied(KafkaClients clients, String decisions, String application, int shards)
            throws Exception {
        try (Admin admin = Admin.create(clients.admin("benchmark"))) {
            for (int shard = 0; shard < shards; shard++) {
                TopicPartition partition = new TopicPartition(decisions, shard);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition)
                        .offset();
                while (true) {
                    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(application + "-shard-" + shard)
                            .partitionsToOffsetAndMetadata().get().get(partition);
                    if (committed != null && committed.offset() >= end) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** The sum of the counter {@code name} over its series (every shard's). */
    private static double busySeconds(int port, String name) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher matcher = Pattern.compile(name + "(\\{[^}]*})? ([0-9.E]+)").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(2));
        }
        return total;
    }
}
