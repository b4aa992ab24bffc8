package dev.seedloop.tools.ingest;

import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The loop's verdicts on candidates that {@code seedloop ingest --filter} wrote: an accepted example (it enters
 * the pool) or a rejection with its stage and reason, read from the topics since the candidates were written.
 */
public final class Verdicts {

    private final KafkaClients clients;

    public Verdicts(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * What became of the candidates; those without a verdict yet are counted as waiting.
     *
     * @param loopStopped the loop whose broker the wait used stopped before every verdict came
     */
    public record Outcome(int candidates, int accepted, Map<String, Long> rejectedByReason, int waiting,
            boolean loopStopped) {

        public String describe() {
            long rejected = rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
            return String.format(Locale.ROOT, "  verdicts      %,d accepted into the pool, %,d rejected%s%s",
                    accepted, rejected, rejected == 0 ? "" : " (" + Ingest.counts(rejectedByReason) + ")", waiting == 0 ? ""
                    : String.format(Locale.ROOT, ", %,d still waiting (%s)", waiting, loopStopped
                            ? "the loop stopped while this waited: they are judged when it runs again"
                            : "the loop judges them when it runs"));
        }
    }

    /**
     * Waits up to {@code timeout} for a verdict on each of {@code candidateIds}, written at {@code since} or later:
     * only the records written since then are read, not the topics' whole retention. Stops early, saying so, once
     * {@code loopStopped} tells that the loop (and the broker this reads from) is gone.
     */
    public Outcome await(List<String> candidateIds, Instant since, Duration timeout, BooleanSupplier loopStopped) {
        Set<String> waiting = new HashSet<>(candidateIds);
        Set<String> accepted = new HashSet<>();
        Map<String, String> rejected = new HashMap<>();
        Topic<String, Example> examples = clients.settings().topics().examples();
        Topic<String, Rejection> rejections = clients.settings().topics().rejections();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean stopped = false;
        Map<String, Object> config = clients.consumer("seedloop-ingest-verdicts", null);
        // A broker that goes away must not hold the command for a minute of metadata retries
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(examples.name(), rejections.name())) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            // The ends before the search by time: a partition with no record since then starts at the end it had,
            // not at the end it has when the consumer first polls (a verdict written in between would be skipped)
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start == null) {
                    consumer.seek(partition, ends.get(partition));
                } else {
                    consumer.seek(partition, start.offset());
                }
            }
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                if (loopStopped.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        if (record.topic().equals(examples.name())) {
                            String id = examples.valueSerde().deserializer().deserialize(record.topic(),
                                    record.value()).getCandidateId();
                            if (waiting.remove(id)) {
                                accepted.add(id);
                            }
                        } else {
                            Rejection rejection = rejections.valueSerde().deserializer().deserialize(record.topic(),
                                    record.value());
                            String id = rejection.getCandidateId();
                            if (id != null && waiting.remove(id)) {
                                rejected.put(id, rejection.getStage().name().toLowerCase(Locale.ROOT) + ":"
                                        + rejection.getReason());
                            }
                        }
                    } catch (RuntimeException unreadable) {
                        // not ours to judge: the stages dead-letter what they cannot read
                    }
                }
            }
        } catch (KafkaException e) {
            if (!loopStopped.getAsBoolean()) {
                throw e;
            }
            stopped = true;
        }
        Map<String, Long> reasons = new TreeMap<>();
        rejected.values().forEach(reason -> reasons.merge(reason, 1L, Long::sum));
        return new Outcome(candidateIds.size(), accepted.size(), reasons, waiting.size(), stopped);
    }
}
