package dev.seedloop.filter.shard;

import dev.seedloop.filter.CandidateOutcomes;
import dev.seedloop.filter.FilterRules;
import dev.seedloop.filter.PoolJudge;
import dev.seedloop.filter.Verdict;
import dev.seedloop.filter.rule.Violation;
import dev.seedloop.runtime.kafka.DeadLetters;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.runtime.lifecycle.BackgroundLoop;
import dev.seedloop.schemas.Topic;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Instance;
import dev.seedloop.schemas.avro.PoolDecision;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.PoolMatch;
import dev.seedloop.schemas.avro.SourceCoordinates;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharded judge's sequencer as a Kafka process: it reads candidates and pool records in one order (by
 * timestamp, taking a record of one topic only once the other has nothing older to fetch) with the shards' answers,
 * decides each candidate once every shard has answered for it ({@link JudgeSequencer}), and writes the verdict (an
 * accepted instruction or a rejection) and the decision the owning shard applies in one transaction with its input
 * positions.
 * <p>
 * Every filter process may stand for the sequencer; they form one consumer group over the three single-partition
 * topics, whose range assignment gives all three to one member, and the others wait. The transactional id is fixed,
 * so a member that takes over fences the one it replaces. What a new sequencer needs is committed with the input
 * positions: the next sequence number, and for each shard the offset of the oldest decision kept (one a shard may not
 * have applied), which it reads again from the decisions topic.
 * <p>
 * It never decides without every shard's answer: while one is missing it waits, and after
 * {@code filter.shard-silence} it says which shard is silent in the log and on {@code /ready}. An answer a shard gave
 * before applying a removal is asked again, on the shard's decisions partition after that removal.
 */
public final class SequencerWorker extends BackgroundLoop {

    private static final Logger LOGGER = LoggerFactory.getLogger(SequencerWorker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Pattern POOL_ID = Pattern.compile("[0-9a-f]{32}");
    /** Pool ids this sequencer admitted lately: the sink's pool records of them need no decision of their own. */
    private static final int ADMITTED_KEPT = 100_000;
    private static final String STAGE = "filter-service";

    private final int shards;
    private final FilterRules rules;
    private final TopicRegistry topics;
    private final Topic<String, PoolDecision> decisions;
    private final CandidateOutcomes outcomes;
    private final KafkaClients clients;
    private final String applicationId;
    private final Duration silence;
    private final Clock clock;
    private final TopicPartition candidatesPartition;
    private final TopicPartition poolPartition;
    private final TopicPartition answersPartition;
    private final KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;
    private Run run;
    private volatile boolean assigned;
    private volatile String silent;
    /** The processor time of the loop's own thread: what it costs, whatever else shares the cores. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final LongAdder busyNanos = new LongAdder();

    public SequencerWorker(int shards, Duration silence, FilterRules rules, CandidateOutcomes outcomes,
            KafkaClients clients, TopicRegistry topics, String applicationId, Clock clock, MeterRegistry registry) {
        super("filter-sequencer");
        this.shards = shards;
        this.silence = silence;
        this.rules = rules;
        this.outcomes = outcomes;
        this.clients = clients;
        this.topics = topics;
        this.decisions = topics.decisions(shards);
        this.applicationId = applicationId;
        this.clock = clock;
        this.candidatesPartition = new TopicPartition(topics.candidates().name(), 0);
        this.poolPartition = new TopicPartition(topics.pool().name(), 0);
        this.answersPartition = new TopicPartition(topics.answers().name(), 0);
        Map<String, Object> config = clients.consumer("filter-sequencer", JudgeNames.sequencerGroup(applicationId));
        // one member gets the one partition of each of the three topics
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        // the shards wait on these decisions, and this on their answers: no fetch waits its full 500 ms
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, JudgeNames.FETCH_WAIT_MS);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        Gauge.builder("seedloop.filter.sequencer.deciding", this, worker -> worker.assigned ? 1 : 0)
                .description("1 on the filter process whose sequencer decides for the sharded judge, 0 on the others")
                .register(registry);
        FunctionCounter.builder("seedloop.filter.sequencer.busy", busyNanos, nanos -> nanos.sum() / 1e9)
                .baseUnit("seconds")
                .description("Processor time the sequencer spent deciding (reading its inputs, completing answers, deciding, "
                        + "writing records), not waiting: its own cost, over the candidates it decided")
                .register(registry);
        Gauge.builder("seedloop.filter.sequencer.silent", this, worker -> worker.silent == null ? 0 : 1)
                .description("1 while the sequencer has waited for a shard's answer longer than filter.shard-silence")
                .register(registry);
    }

    /** Ready while it waits for its turn, or decides without a shard silent for longer than allowed. */
    @Override
    public boolean isReady() {
        return running() && silent == null;
    }

    /** Whether this process is the one that decides. */
    public boolean deciding() {
        return assigned;
    }

    /** The shards the sequencer has waited for longer than allowed, as said on {@code /ready}; null when none. */
    public String silentShards() {
        return silent;
    }

    @Override
    protected void loop() {
        try {
            consumer.subscribe(List.of(candidatesPartition.topic(), poolPartition.topic(), answersPartition.topic()),
                    new Rebalance());
            while (running()) {
                var records = consumer.poll(POLL);
                if (run == null) {
                    continue;
                }
                long started = CPU.getCurrentThreadCpuTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    run.take(record);
                }
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
                run.decide(out);
                run.forget();
                run.tellProgress(out);
                busyNanos.add(CPU.getCurrentThreadCpuTime() - started);
                commit(out);
                run.watchSilence();
            }
        } catch (WakeupException e) {
            if (running()) {
                throw e;
            }
        } finally {
            stopDeciding();
            consumer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    private void commit(List<ProducerRecord<byte[], byte[]>> out) {
        Map<TopicPartition, OffsetAndMetadata> offsets = run.offsets();
        if (out.isEmpty() && offsets.equals(run.committed)) {
            return;
        }
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : out) {
                sent.add(producer.send(record));
            }
            producer.flush();
            run.written(out, sent);
            offsets = run.offsets();
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            run.committed = offsets;
        } catch (ProducerFencedException e) {
            throw new IllegalStateException("another sequencer took over (its transactions fenced this one's, which "
                    + "was thought gone): this one stops, and its process starts again to stand by", e);
        } catch (KafkaException e) {
            LOGGER.warn("sequencer transaction failed, reading again from the last commit: {}", e.toString());
            producer.abortTransaction();
            run = restore();
        }
    }

    /** Takes the decider's part: fences an earlier sequencer, then takes back what it committed. */
    private void startDeciding() {
        producer = new KafkaProducer<>(clients.transactionalProducer("filter-sequencer",
                JudgeNames.sequencerTransactions(applicationId)), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        admin = Admin.create(clients.admin("filter-sequencer"));
        run = restore();
        assigned = true;
    }

    private void stopDeciding() {
        assigned = false;
        silent = null;
        run = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
            admin = null;
        }
    }

    /**
     * The state committed last: positions on the three topics, the next sequence number, and the decisions kept,
     * read again from the decisions topic.
     */
    private Run restore() {
        long started = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(consumer.committed(Set.of(
                candidatesPartition, poolPartition, answersPartition)));
        Run restored = new Run();
        OffsetAndMetadata candidates = committed.get(candidatesPartition);
        Progress progress = Progress.parse(candidates == null ? "" : candidates.metadata());
        List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
        if (!progress.from().isEmpty()) {
            try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(clients.consumer(
                    "filter-sequencer-restore", null), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = progress.from().keySet().stream()
                        .map(shard -> new TopicPartition(decisions.name(), shard)).toList();
                reader.assign(partitions);
                Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
                partitions.forEach(partition -> reader.seek(partition, progress.from().get(partition.partition())));
                while (partitions.stream().anyMatch(partition -> reader.position(partition) < ends.get(partition))) {
                    reader.poll(POLL).forEach(kept::add);
                }
            }
        }
        kept.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
        for (ConsumerRecord<String, byte[]> record : kept) {
            PoolDecision decision = decisions.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (ShardRecords.isChange(decision) && decision.getSequence() < progress.next()) {
                restored.sequencer.restore(decision.getSequence(), decision.getInstructionId(),
                        decision.getInstruction() == null ? null : ShardRecords.text(rules, decision));
                restored.written[record.partition()].put(decision.getSequence(), record.offset());
            }
        }
        restored.sequencer.resumeAt(progress.next());
        if (candidates == null) {
            candidates = singleJudgePosition();
            if (candidates != null) {
                committed.put(candidatesPartition, candidates);
                LOGGER.info("sequencer starts where the single judge stopped: candidates offset {}",
                        candidates.offset());
            }
        }
        seek(committed, candidatesPartition);
        seek(committed, poolPartition);
        seek(committed, answersPartition);
        restored.committed = new HashMap<>(committed);
        restored.decidedBefore = candidates == null ? 0 : candidates.offset();
        LOGGER.info("sequencer deciding for {} shards: next decision {}, {} kept decisions read again, from "
                + "candidates offset {} (millis={})", shards, progress.next(), kept.size(),
                candidates == null ? 0 : candidates.offset(), (System.nanoTime() - started) / 1_000_000);
        return restored;
    }

    /**
     * Where the single judge (the Streams application) stopped reading candidates, for a loop whose judge is split for
     * the first time; null when it never ran. The pool is read from its start all the same: the shards need it.
     */
    private OffsetAndMetadata singleJudgePosition() {
        try (Admin admin = Admin.create(clients.admin("filter-sequencer"))) {
            return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(candidatesPartition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot read the single judge's position: " + e.getMessage(), e);
        }
    }

    private long sequenceOf(ConsumerRecord<String, byte[]> record) {
        return decisions.valueSerde().deserializer().deserialize(record.topic(), record.value()).getSequence();
    }

    private void seek(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition partition) {
        OffsetAndMetadata offset = committed.get(partition);
        if (offset == null) {
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, offset.offset());
        }
    }

    /**
     * What the sequencer commits beside its positions: the next sequence number, and the offset where each shard's
     * kept decisions start.
     */
    record Progress(long next, Map<Integer, Long> from) {

        static Progress parse(String metadata) {
            long next = 0;
            Map<Integer, Long> from = new TreeMap<>();
            for (String part : metadata.split(";")) {
                if (part.startsWith("next=")) {
                    next = Long.parseLong(part.substring(5));
                } else if (part.startsWith("from=") && part.length() > 5) {
                    for (String item : part.substring(5).split(",")) {
                        String[] pair = item.split(":");
                        from.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
                    }
                }
            }
            return new Progress(next, from);
        }

        String format() {
            StringBuilder text = new StringBuilder("next=").append(next).append(";from=");
            from.forEach((shard, offset) -> text.append(text.charAt(text.length() - 1) == '=' ? "" : ",")
                    .append(shard).append(':').append(offset));
            return text.toString();
        }
    }

    /** What the answers to one candidate are so far. */
    private final class Waiting {
        final ShardAnswer[] byShard = new ShardAnswer[shards];
        final Map<String, String> instructions = new HashMap<>();
        final Set<Integer> asked = new HashSet<>();
        /** The text the pool holds under the candidate's own id, when it does. */
        String held;
        /** The text rules' verdict, from the shard that ran them; null until its answer is read. */
        Optional<Violation> textRules;
        long firstOffset = Long.MAX_VALUE;
        int count;

        void add(dev.seedloop.schemas.avro.ShardAnswer answer, long offset) {
            int shard = answer.getShard();
            if (shard < 0 || shard >= shards) {
                LOGGER.warn("an answer from shard {} where there are {} shards, at answers offset {}: ignored", shard,
                        shards, offset);
                return;
            }
            ShardAnswer given = ShardRecords.of(answer);
            if (answer.getChecked()) {
                // kept whichever answer comes later: an answer given again carries no check
                textRules = ShardRecords.violation(answer);
                firstOffset = Math.min(firstOffset, offset);
            }
            if (byShard[shard] == null) {
                count++;
            } else if (byShard[shard].applied() >= given.applied()) {
                return;
            }
            byShard[shard] = given;
            firstOffset = Math.min(firstOffset, offset);
            keep(answer.getBest());
            keep(answer.getNearest());
            if (answer.getHeldInstruction() != null) {
                held = answer.getHeldInstruction();
            }
        }

        private void keep(PoolMatch match) {
            if (match != null) {
                instructions.put(match.getInstructionId(), match.getInstruction());
            }
        }

        List<ShardAnswer> answers() {
            return List.of(byShard);
        }
    }

    /** The state while this process decides. */
    private final class Run {
        final JudgeSequencer sequencer = new JudgeSequencer(rules, shards);
        final ArrayDeque<ConsumerRecord<String, byte[]>> candidates = new ArrayDeque<>();
        final ArrayDeque<ConsumerRecord<String, byte[]>> pool = new ArrayDeque<>();
        final TreeMap<Long, Waiting> waiting = new TreeMap<>();
        /** The sequence numbers of the decisions about to be written (not the questions, not progress). */
        final Map<ProducerRecord<byte[], byte[]>, Long> sequences = new IdentityHashMap<>();
        /** By shard, the offset on its decisions partition of each kept decision, by sequence number. */
        final TreeMap<Long, Long>[] written = byShard(shards);
        /** By shard, the last decision it had applied when it last committed its position. */
        final long[] appliedByCommit = filled(shards, -1);
        /** By shard, what it had applied at the commit last read; it counts once the answers are read to the end. */
        final long[] committedApplied = filled(shards, -1);
        /** The end of the answers topic read after the shards' positions; -1 when none is pending. */
        long answersEnd = -1;
        long readCommitsAt;
        final Map<String, Boolean> admitted = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > ADMITTED_KEPT;
            }
        };
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        /** The latest each shard had applied, of the answers read: what the answers yet to come start from. */
        final long[] latestApplied = filled(shards, -1);
        /** How far each shard was last told the sequencer has decided. */
        final long[] told = filled(shards, -1);
        long decidedBefore = -1;
        long waitingSince = -1;
        long warnedAt = -1;

        void take(ConsumerRecord<String, byte[]> record) {
            if (record.topic().equals(candidatesPartition.topic())) {
                candidates.add(record);
            } else if (record.topic().equals(poolPartition.topic())) {
                pool.add(record);
            } else {
                dev.seedloop.schemas.avro.ShardAnswer answer;
                try {
                    answer = topics.answers().valueSerde().deserializer().deserialize(record.topic(), record.value());
                } catch (SerializationException e) {
                    LOGGER.warn("unreadable answer at offset {}: {}", record.offset(), e.toString());
                    return;
                }
                if (answer.getShard() >= 0 && answer.getShard() < shards) {
                    latestApplied[answer.getShard()] = Math.max(latestApplied[answer.getShard()], answer.getApplied());
                }
                if (answer.getCandidateOffset() >= decidedBefore) {
                    waiting.computeIfAbsent(answer.getCandidateOffset(), offset -> new Waiting())
                            .add(answer, record.offset());
                }
            }
        }

        /** Decides what can be decided, in order, into {@code out}. */
        void decide(List<ProducerRecord<byte[], byte[]>> out) {
            while (true) {
                ConsumerRecord<String, byte[]> next = next();
                if (next == null) {
                    return;
                }
                if (next.topic().equals(poolPartition.topic())) {
                    pool.poll();
                    absorb(next, out);
                } else if (judge(next, out)) {
                    candidates.poll();
                    decidedBefore = next.offset() + 1;
                    waitingSince = -1;
                    silent = null;
                } else {
                    if (waitingSince < 0) {
                        waitingSince = clock.millis();
                    }
                    return;
                }
            }
        }

        /** The next record in the judge's order: the earlier of the two heads, once both topics can be compared. */
        private ConsumerRecord<String, byte[]> next() {
            ConsumerRecord<String, byte[]> candidate = candidates.peek();
            ConsumerRecord<String, byte[]> entry = pool.peek();
            if (candidate != null && entry != null) {
                return entry.timestamp() <= candidate.timestamp() ? entry : candidate;
            }
            if (candidate == null && entry == null) {
                return null;
            }
            // one topic has nothing buffered: go on only when it has nothing more to read
            TopicPartition empty = candidate == null ? candidatesPartition : poolPartition;
            OptionalLong lag = consumer.currentLag(empty);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return null;
            }
            return candidate == null ? entry : candidate;
        }

        /** A pool record from elsewhere joins (or, a tombstone, leaves) the pool without judgement. */
        private void absorb(ConsumerRecord<String, byte[]> record, List<ProducerRecord<byte[], byte[]>> out) {
            if (record.value() == null) {
                if (record.key() != null && POOL_ID.matcher(record.key()).matches()) {
                    long sequence = sequencer.remove(record.key());
                    admitted.remove(record.key());
                    out.add(decision(record.key(), ShardRecords.removal(sequence, record.key(), decidedBefore)));
                }
                return;
            }
            PoolEntry entry;
            try {
                entry = topics.pool().valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (SerializationException e) {
                out.add(deadLetter(record, "deserialize", e));
                return;
            }
            PoolJudge.Text text = PoolJudge.textOf(rules, entry.getInstruction(), entry.getEmbedding());
            if (admitted.containsKey(text.id())) {
                return;
            }
            JudgeSequencer.Admission admission = sequencer.admit(text);
            admitted.put(text.id(), Boolean.TRUE);
            out.add(decision(text.id(), ShardRecords.admission(admission, entry.getEmbedding(), decidedBefore)));
        }

        /** Decides the candidate {@code record} holds; false while the shards' answers do not allow it yet. */
        private boolean judge(ConsumerRecord<String, byte[]> record, List<ProducerRecord<byte[], byte[]>> out) {
            CandidateInstruction candidate;
            try {
                candidate = Candidates.read(topics, record);
            } catch (SerializationException e) {
                out.add(deadLetter(record, "deserialize", e));
                return true;
            }
            Waiting answers = waiting.get(record.offset());
            if (answers == null || answers.count < shards || answers.textRules == null) {
                return false;
            }
            List<ShardAnswer> given = answers.answers();
            PoolJudge.Text text = PoolJudge.textOf(rules, candidate.getInstruction(), candidate.getEmbedding())
                    .withInputs(candidate.getInstances().stream().map(Instance::getInput)
                            .filter(input -> !input.isBlank()).toList());
            if (!sequencer.ready(given)) {
                for (int shard : sequencer.behindRemovals(given)) {
                    if (answers.asked.add(shard)) {
                        out.add(new ProducerRecord<>(decisions.name(), shard, bytes("question/" + record.offset()),
                                encode(ShardRecords.question(candidate, text.id(), record.offset(), decidedBefore))));
                    }
                }
                return false;
            }
            if (answers.held != null) {
                answers.instructions.put(text.id(), answers.held);
            }
            CandidateVerdict verdict = sequencer.decide(text, given, answers.textRules);
            if (verdict.passed()) {
                JudgeSequencer.Admission admission = sequencer.admit(text);
                admitted.put(text.id(), Boolean.TRUE);
                out.add(decision(text.id(), ShardRecords.admission(admission, candidate.getEmbedding(),
                        record.offset() + 1)));
            }
            Verdict outcome = outcomes.of(candidate, verdict, id -> answers.instructions.containsKey(id)
                    ? answers.instructions.get(id) : sequencer.recentInstruction(id).orElse(null),
                    new SourceCoordinates(record.topic(), record.partition(), record.offset()), clock.instant());
            if (outcome instanceof Verdict.AcceptedCandidate accepted) {
                out.add(new ProducerRecord<>(topics.instructions().name(), bytes(verdict.id()), topics.instructions()
                        .valueSerde().serializer().serialize(topics.instructions().name(), accepted.instruction())));
            } else if (outcome instanceof Verdict.Rejected rejected) {
                out.add(new ProducerRecord<>(topics.rejections().name(), bytes(candidate.getCandidateId()),
                        topics.rejections().valueSerde().serializer().serialize(topics.rejections().name(),
                                rejected.rejection())));
            }
            waiting.remove(record.offset());
            return true;
        }

        private ProducerRecord<byte[], byte[]> decision(String id, PoolDecision decision) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(decisions.name(), PoolShard.of(id, shards),
                    bytes(id), encode(decision));
            sequences.put(record, decision.getSequence());
            return record;
        }

        private byte[] encode(PoolDecision decision) {
            return decisions.valueSerde().serializer().serialize(decisions.name(), decision);
        }

        private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String step,
                Exception error) {
            LOGGER.warn("unreadable record sent to {}: topic={} partition={} offset={} error={}",
                    topics.deadLetters().name(), record.topic(), record.partition(), record.offset(), error.toString());
            return DeadLetters.record(topics.deadLetters().name(), DeadLetters.of(STAGE + "/sequencer-" + step,
                    record.topic(), record.partition(), record.offset(), record.key() == null ? null
                            : bytes(record.key()), record.value(), error));
        }

        /**
         * Forgets the decisions every shard had applied in every answer held and in the answers yet to come (which
         * follow the latest read: a shard applies decisions in order).
         */
        void forget() {
            readShardCommits();
            long[] floor = new long[shards];
            for (int shard = 0; shard < shards; shard++) {
                floor[shard] = Math.max(latestApplied[shard], appliedByCommit[shard]);
            }
            for (Waiting answers : waiting.values()) {
                for (int shard = 0; shard < shards; shard++) {
                    if (answers.byShard[shard] != null) {
                        floor[shard] = Math.min(floor[shard], answers.byShard[shard].applied());
                    }
                }
            }
            sequencer.forget(floor);
        }

        /**
         * Once a second, what each shard had applied when it last committed (its position on its decisions partition).
         * The answers it gives later follow it, so the decisions before it can be forgotten even while no candidate
         * comes (a pool taken in); but only once every answer it committed before has been read (those are held, or
         * decided): the end of the answers topic is read after the shards' positions, and counts once passed.
         */
        private void readShardCommits() {
            if (answersEnd >= 0 && consumer.position(answersPartition) >= answersEnd) {
                for (int shard = 0; shard < shards; shard++) {
                    appliedByCommit[shard] = Math.max(appliedByCommit[shard], committedApplied[shard]);
                }
                answersEnd = -1;
            }
            if (answersEnd >= 0 || clock.millis() - readCommitsAt < 1_000) {
                return;
            }
            readCommitsAt = clock.millis();
            for (int shard = 0; shard < shards; shard++) {
                TopicPartition partition = new TopicPartition(decisions.name(), shard);
                OffsetAndMetadata committed;
                try {
                    committed = admin.listConsumerGroupOffsets(JudgeNames.shardGroup(applicationId, shard))
                            .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).get(partition);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    LOGGER.debug("cannot read shard {}'s position: {}", shard, e.toString());
                    return;
                }
                if (committed == null) {
                    continue;
                }
                for (Map.Entry<Long, Long> decision : written[shard].entrySet()) {
                    if (decision.getValue() >= committed.offset()) {
                        break;
                    }
                    committedApplied[shard] = Math.max(committedApplied[shard], decision.getKey());
                }
            }
            answersEnd = consumer.endOffsets(List.of(answersPartition)).get(answersPartition);
        }

        /** Tells each shard sent nothing in {@code out} how far the sequencer has decided, when that moved on. */
        void tellProgress(List<ProducerRecord<byte[], byte[]>> out) {
            boolean[] sent = new boolean[shards];
            for (ProducerRecord<byte[], byte[]> record : out) {
                if (record.topic().equals(decisions.name())) {
                    sent[record.partition()] = true;
                }
            }
            for (int shard = 0; shard < shards; shard++) {
                if (!sent[shard] && told[shard] < decidedBefore) {
                    out.add(new ProducerRecord<>(decisions.name(), shard, bytes("progress"),
                            encode(ShardRecords.progress(decidedBefore))));
                }
                told[shard] = decidedBefore;
            }
        }

        /** Notes the decisions topic's offsets of the decisions just written. */
        void written(List<ProducerRecord<byte[], byte[]>> out, List<Future<RecordMetadata>> sent) {
            for (int i = 0; i < out.size(); i++) {
                Long sequence = sequences.remove(out.get(i));
                if (sequence != null) {
                    try {
                        RecordMetadata metadata = sent.get(i).get();
                        written[metadata.partition()].put(sequence, metadata.offset());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new KafkaException("interrupted while writing decisions", e);
                    } catch (ExecutionException e) {
                        throw new KafkaException("a decision was not written: " + e.getCause(), e.getCause());
                    }
                }
            }
        }

        /** The positions to commit: each topic's first record not yet decided on, and what a restart needs. */
        Map<TopicPartition, OffsetAndMetadata> offsets() {
            Map<Integer, Long> from = new TreeMap<>();
            for (int shard = 0; shard < shards; shard++) {
                OptionalLong kept = sequencer.oldestKept(shard);
                written[shard].headMap(kept.orElse(Long.MAX_VALUE)).clear();
                if (kept.isPresent() && written[shard].containsKey(kept.getAsLong())) {
                    from.put(shard, written[shard].get(kept.getAsLong()));
                }
            }
            String progress = new Progress(sequencer.nextSequence(), from).format();
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            positions.put(candidatesPartition, new OffsetAndMetadata(candidates.isEmpty()
                    ? consumer.position(candidatesPartition) : candidates.peek().offset(), progress));
            positions.put(poolPartition, new OffsetAndMetadata(pool.isEmpty() ? consumer.position(poolPartition)
                    : pool.peek().offset()));
            long answers = waiting.values().stream().mapToLong(w -> w.firstOffset).min()
                    .orElse(consumer.position(answersPartition));
            positions.put(answersPartition, new OffsetAndMetadata(answers));
            return positions;
        }

        /** Says, once a period, which shards the candidate at the head has waited for longer than allowed. */
        void watchSilence() {
            ConsumerRecord<String, byte[]> head = candidates.peek();
            if (head == null || waitingSince < 0 || clock.millis() - waitingSince < silence.toMillis()) {
                return;
            }
            Waiting answers = waiting.get(head.offset());
            Set<Integer> missing = new TreeSet<>();
            for (int shard = 0; shard < shards; shard++) {
                if (answers == null || answers.byShard[shard] == null) {
                    missing.add(shard);
                }
            }
            if (answers != null && answers.count == shards) {
                missing.addAll(sequencer.behindRemovals(answers.answers()));
            }
            silent = "shard" + (missing.size() == 1 ? " " : "s ") + missing + " silent for "
                    + (clock.millis() - waitingSince) / 1000 + " s on candidate offset " + head.offset();
            if (warnedAt < 0 || clock.millis() - warnedAt >= silence.toMillis()) {
                warnedAt = clock.millis();
                LOGGER.warn("sequencer waiting: {}; no candidate is decided without every shard's answer (is each "
                        + "shard running? filter.shards={}, filter.shard-workers on the filter processes)", silent,
                        shards);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static TreeMap<Long, Long>[] byShard(int shards) {
        TreeMap<Long, Long>[] maps = new TreeMap[shards];
        for (int shard = 0; shard < shards; shard++) {
            maps[shard] = new TreeMap<>();
        }
        return maps;
    }

    private static long[] filled(int length, long value) {
        long[] values = new long[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && assigned) {
                LOGGER.info("sequencer hands over: {}", partitions);
                stopDeciding();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                LOGGER.info("sequencer standing by: another filter process decides");
                return;
            }
            if (!partitions.containsAll(List.of(candidatesPartition, poolPartition, answersPartition))) {
                throw new IllegalStateException("the sequencer was given " + partitions + " instead of the one "
                        + "partition of the candidates, the pool and the answers: do they have more?");
            }
            startDeciding();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stopDeciding();
        }
    }
}
