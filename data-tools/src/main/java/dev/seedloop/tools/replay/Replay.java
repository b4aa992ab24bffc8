package dev.seedloop.tools.replay;

import dev.seedloop.embedding.EmbeddingRecords;
import dev.seedloop.embedding.InstructionEmbedder;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.FilterTopology;
import dev.seedloop.tools.snapshot.AcknowledgedWrites;
import dev.seedloop.tools.snapshot.TopicSnapshot.Entry;
import dev.seedloop.tools.snapshot.TopicSnapshot;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.KafkaSettings;
import dev.seedloop.runtime.kafka.DeadLetterExceptionHandler;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.kafka.StreamsApp;
import dev.seedloop.runtime.kafka.TopicProvisioner;
import dev.seedloop.schemas.Sources;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.sink.SinkTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code seedloop replay}: the filter run again over the retained candidates with other rules, under its own
 * application id and into versioned topics ({@code <topic>.replay.<tag>}), beside the live loop and without
 * touching it.
 * <ol>
 *   <li>The replay's pool starts as the live judge's did: the live pool's human entries (and, from a time, the
 *       instructions the live filter accepted before it), copied with their timestamps so that they come before
 *       the candidates they preceded.</li>
 *   <li>Once the replay has taken its pool in, the candidates in range are copied into its own candidates topic
 *       and judged by the same topology as filter-service, with the new rules.</li>
 *   <li>The live responses of the instructions the replay accepted are judged again by the response rules: no LLM
 *       call. Instructions the replay accepts that never had a response are counted, not answered.</li>
 *   <li>Completion is read from the replay's committed offsets: with exactly-once, an offset is committed only
 *       with the verdicts of the records before it.</li>
 * </ol>
 * {@code --promote} then makes the live pool's machine entries those of the replay: new examples added,
 * examples the replay rejects removed (tombstones), so the generator, the filter and exports follow.
 */
public final class Replay {

    /**
     * What to replay.
     *
     * @param from             the first candidate's time; empty: from the beginning of the retained candidates
     * @param filterSettings   the rules (filter.* keys) of the replay
     * @param filterApplication the live filter's application id; the replay's is derived from it
     */
    public record Options(String tag, Optional<Instant> from, Map<String, String> filterSettings, Path stateDir,
            boolean promote, Duration timeout, String filterApplication) {
    }

    /** Header on the pool records a promotion writes: the replay's tag. The audit tells them from the sink's. */
    public static final String PROMOTED_HEADER = "seedloop.promoted-from";

    /** The tag names a replay that ran before, and the command would run it again or change its rules. */
    public static final class TagUsedException extends RuntimeException {
        TagUsedException(String message) {
            super(message);
        }
    }

    /** What an earlier replay under the same tag left: the rules that judged, and when it began. */
    private record Earlier(String rulesVersion, Instant at) {
    }

    private static final String STAGE = "replay";
    private static final int EMBEDDING_BATCH = 64;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final Options options;
    private final PrintStream out;
    private final KafkaClients clients;
    private final TopicRegistry live;
    private final TopicRegistry replay;
    private final InstructionEmbedder embedder;

    public Replay(KafkaSettings kafka, Options options, PrintStream out) {
        this(kafka, options, out, null);
    }

    /**
     * A replay that gives the candidates and pool entries it copies a vector of {@code embedder}'s model where they
     * carry none of it (null: no embedding), so a replay can judge with another embedding model than the live one.
     */
    public Replay(KafkaSettings kafka, Options options, PrintStream out, InstructionEmbedder embedder) {
        this.embedder = embedder;
        this.kafka = kafka;
        this.options = options;
        this.out = out;
        this.clients = new KafkaClients(kafka);
        this.live = kafka.topics();
        this.replay = live.replay(options.tag());
    }

    /**
     * Replays (unless the tag was replayed already), compares, and promotes when asked. A promotion of an earlier
     * replay applies it as it was judged: rules given again must be the same.
     *
     * @throws TagUsedException when the tag was replayed before and this is not its promotion, or the rules differ
     */
    public ReplayReport run() throws Exception {
        FilterRules rules = FilterRules.from(ConfigSource.ofValues(options.filterSettings()));
        long started = System.nanoTime();
        String rulesVersion = rules.version();
        try (Admin admin = Admin.create(clients.admin("seedloop-replay"))) {
            Map<Integer, Long> start = startOffsets(admin);
            Optional<Earlier> earlier = earlier(admin);
            if (earlier.isPresent()) {
                String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .format(earlier.get().at().atZone(ZoneId.systemDefault()));
                if (!options.promote()) {
                    throw new TagUsedException("the tag '" + options.tag() + "' was replayed on " + when
                            + " (rules " + earlier.get().rulesVersion() + "); add --promote to apply that replay, or "
                            + "choose another --tag");
                }
                if (!options.filterSettings().isEmpty() && !rulesVersion.equals(earlier.get().rulesVersion())) {
                    throw new TagUsedException("the tag '" + options.tag() + "' was replayed on " + when
                            + " with rules " + earlier.get().rulesVersion() + ", not " + rulesVersion + "; --promote "
                            + "applies it as it was judged: leave out --set and --filter-config, or replay under "
                            + "another --tag");
                }
                rulesVersion = earlier.get().rulesVersion();
                out.println("  Rules   " + rulesVersion + ", as replayed on " + when);
            } else {
                new TopicProvisioner(admin).ensure(replay.all(), kafka.replicationFactor(), kafka.replicationConfigs());
                int seeds = seedPool();
                out.println("  Rules   " + rulesVersion + ": " + (options.filterSettings().isEmpty()
                        ? "the filter's defaults" : new TreeMap<>(options.filterSettings()).entrySet().stream()
                        .map(setting -> setting.getKey() + "=" + setting.getValue())
                        .collect(Collectors.joining(", ")) + ", every other rule at its default"));
                judge(admin, rules, start, seeds);
            }
        }
        ReplayReport report = compare(rulesVersion, Duration.ofNanos(System.nanoTime() - started));
        out.println(report.describe());
        if (options.promote()) {
            ReplayReport.Promotion promotion = promote();
            out.println(promotion.describe(live.pool().name()));
            return report.withPromotion(promotion);
        }
        out.println("  the live pool is unchanged; run again with --promote to apply the replay to it");
        return report;
    }

    /** The first candidate offset of the range, per partition. */
    private Map<Integer, Long> startOffsets(Admin admin) throws Exception {
        TopicPartition partition = new TopicPartition(live.candidates().name(), 0);
        if (options.from().isEmpty()) {
            long earliest = admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all()
                    .get(30, TimeUnit.SECONDS).get(partition).offset();
            return Map.of(0, earliest);
        }
        long offset = admin.listOffsets(Map.of(partition, OffsetSpec.forTimestamp(options.from().get()
                .toEpochMilli()))).all().get(30, TimeUnit.SECONDS).get(partition).offset();
        if (offset < 0) {
            offset = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                    .get(partition).offset();
        }
        return Map.of(0, offset);
    }

    /** The rules and time of this tag's earlier replay, if it wrote verdicts. */
    private Optional<Earlier> earlier(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (!names.contains(replay.instructions().name())) {
            return Optional.empty();
        }
        List<Earlier> verdicts = new ArrayList<>();
        TopicSnapshot.read(clients, replay.instructions()).entries().stream().filter(entry -> entry.value() != null)
                .forEach(entry -> verdicts.add(new Earlier(entry.value().getConfigVersion(),
                        Instant.ofEpochMilli(entry.timestamp()))));
        TopicSnapshot.read(clients, replay.rejections()).entries().stream().filter(entry -> entry.value() != null
                && entry.value().getStage() == RejectionStage.INSTRUCTION)
                .forEach(entry -> verdicts.add(new Earlier(entry.value().getConfigVersion(),
                        Instant.ofEpochMilli(entry.timestamp()))));
        return verdicts.stream().min(java.util.Comparator.comparing(Earlier::at));
    }

    /**
     * The replay's pool as the live judge knew it when the first replayed candidate came: the live pool's human
     * entries and, from a time, the instructions the live filter accepted before it (which joined its index at
     * once, whether or not they became examples), each with its original timestamp.
     */
    private int seedPool() {
        Map<String, Entry<PoolEntry>> latest = new HashMap<>();
        TopicSnapshot.read(clients, live.pool()).entries().forEach(entry -> latest.put(entry.key(), entry));
        List<Seed> known = new ArrayList<>();
        for (Entry<PoolEntry> entry : latest.values()) {
            if (entry.value() != null && entry.value().getSource() != Source.MACHINE) {
                known.add(new Seed(entry.key(), entry.value(), entry.timestamp()));
            }
        }
        if (options.from().isPresent()) {
            long cut = options.from().get().toEpochMilli();
            for (Entry<AcceptedInstruction> accepted : TopicSnapshot.read(clients, live.instructions()).entries()) {
                AcceptedInstruction instruction = accepted.value();
                if (instruction != null && accepted.timestamp() < cut) {
                    known.add(new Seed(instruction.getInstructionId(), PoolEntry.newBuilder()
                            .setId(instruction.getInstructionId())
                            .setInstruction(instruction.getInstruction())
                            .setInstances(instruction.getInstances())
                            .setConversation(instruction.getConversation())
                            .setSource(Sources.of(instruction.getProvenance()))
                            .setProvenance(instruction.getProvenance())
                            .setAddedAt(instruction.getAcceptedAt())
                            .setEmbedding(instruction.getEmbedding())
                            .build(), accepted.timestamp()));
                }
            }
        }
        embed(known.stream().map(Seed::entry).toList(), "pool entries");
        List<ProducerRecord<String, byte[]>> seeds = new ArrayList<>();
        for (Seed seed : known) {
            seeds.add(poolRecord(seed.key(), seed.entry(), seed.timestamp()));
        }
        write(seeds, "copying the pool for the replay");
        out.println("  Pool    " + seeds.size() + " entries the live filter knew before the replayed candidates");
        return seeds.size();
    }

    /** A record of the replay's starting pool, with the time it joined the live one. */
    private record Seed(String key, PoolEntry entry, long timestamp) {
    }

    private ProducerRecord<String, byte[]> poolRecord(String key, PoolEntry entry, long timestamp) {
        return new ProducerRecord<>(replay.pool().name(), null, timestamp, key,
                replay.pool().valueSerde().serializer().serialize(replay.pool().name(), entry));
    }

    private void judge(Admin admin, FilterRules rules, Map<Integer, Long> start, int seeds)
            throws Exception {
        String applicationId = options.filterApplication() + "-replay-" + options.tag();
        Properties properties = clients.streams(applicationId, options.stateDir().resolve(options.tag()), STAGE);
        properties.put(DeadLetterExceptionHandler.TOPIC_CONFIG, replay.deadLetters().name());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try (StreamsApp app = StreamsApp.start("filter-replay-" + options.tag(),
                FilterTopology.build(rules, replay, new SimpleMeterRegistry()), properties,
                new SimpleMeterRegistry())) {
            // The pool first, then the candidates: the judge must know the pool before the first candidate, and
            // nothing else orders two topics as firmly as writing the second only once the first is taken in
            awaitCommitted(admin, applicationId, new TopicPartition(replay.pool().name(), 0), seeds, "pool", app,
                    deadline);
            Map<TopicPartition, Long> candidates = copy(live.candidates(), replay.candidates(), start, key -> true);
            out.println("  Judging " + candidates.values().stream().mapToLong(Long::longValue).sum()
                    + " candidates (live offsets from " + start.get(0) + ") under application id " + applicationId);
            awaitCommitted(admin, applicationId, candidates, "instructions", app, deadline);

            // Responses are keyed by instruction id: those of the instructions the replay accepted are judged again
            Set<String> accepted = new HashSet<>();
            TopicSnapshot.read(clients, replay.instructions()).values()
                    .forEach(instruction -> accepted.add(instruction.getInstructionId()));
            Map<TopicPartition, Long> responses = copy(live.responses(), replay.responses(), Map.of(),
                    accepted::contains);
            out.println("  Outputs " + responses.values().stream().mapToLong(Long::longValue).sum()
                    + " live responses of the accepted instructions, judged again");
            awaitCommitted(admin, applicationId, responses, "outputs", app, deadline);
        }
    }

    /**
     * Copies the records of {@code source} whose key passes {@code keys}, from {@code from} (per partition; absent:
     * the beginning) to the end now, into the same partition of {@code target}, bytes and timestamps as they are.
     * The records written per target partition: the offsets the replay must commit past.
     */
    private Map<TopicPartition, Long> copy(Topic<?, ?> source, Topic<?, ?> target, Map<Integer, Long> from,
            Predicate<String> keys) {
        Map<String, Object> config = clients.consumer("seedloop-replay-reader", null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
        Map<TopicPartition, Long> written = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(source.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(source.name(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                if (from.containsKey(partition.partition())) {
                    consumer.seek(partition, from.get(partition.partition()));
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                            && keys.test(record.key())) {
                        copies.add(new ProducerRecord<>(target.name(), record.partition(), record.timestamp(),
                                record.key(), record.value()));
                        written.merge(new TopicPartition(target.name(), record.partition()), 1L, Long::sum);
                    }
                }
            }
        }
        if (embedder != null && target.name().equals(replay.candidates().name())) {
            copies = withVectors(copies);
        }
        write(copies, "copying " + source.name() + " for the replay");
        return written;
    }

    /** Pool entries without a vector of the embedder's model get one (in place); says how many. */
    private void embed(List<PoolEntry> entries, String what) {
        if (embedder == null || entries.isEmpty()) {
            return;
        }
        int embedded = EmbeddingRecords.embedInto(entries, embedder, EMBEDDING_BATCH);
        if (embedded > 0) {
            out.println("  Vectors " + embedded + " " + what + " embedded with " + embedder.model());
        }
    }

    /** The copied candidates, each with a vector of the embedder's model (unreadable ones copied as they are). */
    private List<ProducerRecord<String, byte[]>> withVectors(List<ProducerRecord<String, byte[]>> copies) {
        Topic<String, CandidateInstruction> topic = replay.candidates();
        List<CandidateInstruction> candidates = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            try {
                candidates.add(topic.valueSerde().deserializer().deserialize(topic.name(), copies.get(i).value()));
                positions.add(i);
            } catch (RuntimeException e) {
                // unreadable: copied as it is, and the replay's filter dead-letters it as the live one did
            }
        }
        int embedded = EmbeddingRecords.embedInto(candidates, CandidateInstruction::getInstruction,
                CandidateInstruction::getEmbedding, CandidateInstruction::setEmbedding, embedder, EMBEDDING_BATCH);
        if (embedded == 0) {
            return copies;
        }
        List<ProducerRecord<String, byte[]>> result = new ArrayList<>(copies);
        for (int k = 0; k < candidates.size(); k++) {
            ProducerRecord<String, byte[]> copy = copies.get(positions.get(k));
            result.set(positions.get(k), new ProducerRecord<>(copy.topic(), copy.partition(), copy.timestamp(),
                    copy.key(), topic.valueSerde().serializer().serialize(topic.name(), candidates.get(k))));
        }
        out.println("  Vectors " + embedded + " candidates embedded with " + embedder.model());
        return result;
    }

    /** Waits until the replay has committed every partition up to its end, showing progress. */
    private void awaitCommitted(Admin admin, String applicationId, Map<TopicPartition, Long> ends, String what,
            StreamsApp app, long deadline) throws Exception {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            awaitCommitted(admin, applicationId, end.getKey(), end.getValue(), what, app, deadline);
        }
    }

    private void awaitCommitted(Admin admin, String applicationId, TopicPartition partition, long end, String what,
            StreamsApp app, long deadline) throws Exception {
        long lastShown = 0;
        while (true) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            long position = committed == null ? 0 : committed.offset();
            if (position >= end || end == 0) {
                return;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the replay's filter stopped; see the log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replay timed out at offset " + position + " of " + end + " in "
                        + partition);
            }
            if (System.nanoTime() - lastShown > PROGRESS_EVERY.toNanos()) {
                out.println("  ... " + what + ": " + partition + " at " + position + " of " + end);
                lastShown = System.nanoTime();
            }
            Thread.sleep(250);
        }
    }

    private ReplayReport compare(String rulesVersion, Duration elapsed) {
        // Compared: the candidates both sides judged. The live loop may have judged more since the replay began,
        // and, while it runs, not yet judged everything the replay did.
        Set<String> range = judged(replay);
        Set<String> liveJudged = judged(live);
        long notJudgedLive = range.stream().filter(id -> !liveJudged.contains(id)).count();
        range.retainAll(liveJudged);
        ReplayReport.Side before = side(live, range);
        ReplayReport.Side after = side(replay, range);
        Set<String> changed = new HashSet<>(before.acceptedCandidates());
        changed.addAll(after.acceptedCandidates());
        Set<String> both = new HashSet<>(before.acceptedCandidates());
        both.retainAll(after.acceptedCandidates());
        changed.removeAll(both);
        long newlyAccepted = after.acceptedCandidates().stream().filter(id -> !before.acceptedCandidates()
                .contains(id)).count();
        Set<String> answered = new HashSet<>();
        TopicSnapshot.read(clients, live.responses()).values().forEach(r -> answered.add(r.getInstructionId()));
        long withoutResponse = after.acceptedInstructions().stream().filter(id -> !answered.contains(id)).count();
        return new ReplayReport(options.tag(), rulesVersion, range.size(), notJudgedLive, before, after,
                changed.size(), newlyAccepted, withoutResponse, List.of(replay.instructions().name(),
                replay.examples().name(), replay.rejections().name()), elapsed, Optional.empty());
    }

    /** The candidates a set of topics holds an instruction verdict for. */
    private Set<String> judged(TopicRegistry topics) {
        Set<String> candidates = new HashSet<>();
        TopicSnapshot.read(clients, topics.instructions()).values().forEach(i -> candidates.add(i.getCandidateId()));
        TopicSnapshot.read(clients, topics.rejections()).values().stream()
                .filter(r -> r.getStage() == RejectionStage.INSTRUCTION && r.getCandidateId() != null)
                .forEach(r -> candidates.add(r.getCandidateId()));
        return candidates;
    }

    /** The verdicts one set of topics holds for the candidates in range. */
    private ReplayReport.Side side(TopicRegistry topics, Set<String> range) {
        Set<String> acceptedCandidates = new HashSet<>();
        Set<String> acceptedInstructions = new HashSet<>();
        for (AcceptedInstruction instruction : TopicSnapshot.read(clients, topics.instructions()).values()) {
            if (range.contains(instruction.getCandidateId())) {
                acceptedCandidates.add(instruction.getCandidateId());
                acceptedInstructions.add(instruction.getInstructionId());
            }
        }
        Map<String, Long> rejected = new TreeMap<>();
        for (Rejection rejection : TopicSnapshot.read(clients, topics.rejections()).values()) {
            boolean instructionStage = rejection.getStage() == RejectionStage.INSTRUCTION
                    && rejection.getCandidateId() != null && range.contains(rejection.getCandidateId());
            boolean outputStage = rejection.getStage() == RejectionStage.RESPONSE
                    && acceptedInstructions.contains(rejection.getInstructionId());
            if (instructionStage || outputStage) {
                rejected.merge(rejection.getReason(), 1L, Long::sum);
            }
        }
        Set<String> examples = new HashSet<>();
        for (Example example : TopicSnapshot.read(clients, topics.examples()).values()) {
            if (acceptedInstructions.contains(example.getInstructionId())) {
                examples.add(example.getInstructionId());
            }
        }
        return new ReplayReport.Side(acceptedCandidates, acceptedInstructions, examples.size(), rejected);
    }

    /**
     * Applies the replay's decisions to the live pool, and only its decisions: its examples are written, and a
     * machine entry is deleted only when the replay judged it and decided against it (its instruction rejected and
     * not accepted under another candidate, or its response judged again with no example left). Entries the replay
     * did not judge (later candidates, responses that arrived after it read them) stay as they are.
     */
    private ReplayReport.Promotion promote() {
        Map<String, PoolEntry> livePool = new HashMap<>();
        TopicSnapshot.read(clients, live.pool()).entries().forEach(entry -> {
            if (entry.value() == null) {
                livePool.remove(entry.key());
            } else {
                livePool.put(entry.key(), entry.value());
            }
        });
        Map<String, PoolEntry> wanted = new HashMap<>();
        Instant promotedAt = Instant.now();
        for (Example example : TopicSnapshot.read(clients, replay.examples()).values()) {
            PoolEntry entry = SinkTopology.toPoolEntry(example, promotedAt);
            wanted.put(entry.getId(), entry);
        }
        Set<String> accepted = new HashSet<>();
        TopicSnapshot.read(clients, replay.instructions()).values().forEach(i -> accepted.add(i.getInstructionId()));
        Set<String> rejected = new HashSet<>();
        TopicSnapshot.read(clients, replay.rejections()).values().stream()
                .filter(r -> r.getStage() == RejectionStage.INSTRUCTION && r.getInstructionId() != null)
                .forEach(r -> rejected.add(r.getInstructionId()));
        rejected.removeAll(accepted);
        TopicSnapshot.read(clients, replay.responses()).values().stream().map(Example::getInstructionId)
                .filter(id -> !wanted.containsKey(id)).forEach(rejected::add);

        List<ProducerRecord<String, byte[]>> writes = new ArrayList<>();
        List<Header> promoted = List.of(new RecordHeader(PROMOTED_HEADER, options.tag().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        int added = 0;
        int removed = 0;
        for (PoolEntry entry : wanted.values()) {
            PoolEntry current = livePool.get(entry.getId());
            if (current == null || !current.getInstances().equals(entry.getInstances())) {
                writes.add(new ProducerRecord<>(live.pool().name(), null, null, entry.getId(), live.pool()
                        .valueSerde().serializer().serialize(live.pool().name(), entry), promoted));
                added++;
            }
        }
        for (PoolEntry entry : livePool.values()) {
            if (entry.getSource() == Source.MACHINE && rejected.contains(entry.getId())) {
                writes.add(new ProducerRecord<>(live.pool().name(), null, null, entry.getId(), null, promoted));
                removed++;
            }
        }
        write(writes, "promoting the replay to " + live.pool().name());
        return new ReplayReport.Promotion(added, removed, stillInFlight(rejected, livePool.keySet()));
    }

    /**
     * Instructions the replay rejected that the live loop accepted and has not finished: their examples may still
     * join the pool, decided by the live rules.
     */
    private long stillInFlight(Set<String> rejected, Set<String> inPool) {
        Set<String> finished = new HashSet<>(inPool);
        TopicSnapshot.read(clients, live.rejections()).values().stream()
                .filter(r -> r.getStage() == RejectionStage.RESPONDER || r.getStage() == RejectionStage.RESPONSE)
                .forEach(r -> finished.add(r.getInstructionId()));
        TopicSnapshot.read(clients, live.examples()).values().forEach(e -> finished.add(e.getInstructionId()));
        Set<String> inFlight = new HashSet<>();
        TopicSnapshot.read(clients, live.instructions()).values().stream().map(AcceptedInstruction::getInstructionId)
                .filter(id -> rejected.contains(id) && !finished.contains(id)).forEach(inFlight::add);
        return inFlight.size();
    }

    private void write(List<ProducerRecord<String, byte[]>> records, String what) {
        AcknowledgedWrites.write(clients, "seedloop-replay", records, what);
    }
}
