package dev.seedloop.tools.audit;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.cursors.IntCursor;
import com.carrotsearch.hppc.cursors.LongCursor;
import com.carrotsearch.hppc.cursors.LongIntCursor;
import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.tools.snapshot.KeyHash;
import dev.seedloop.tools.snapshot.PoolSpill;
import dev.seedloop.tools.snapshot.ReadProgress;
import dev.seedloop.tools.snapshot.TopicStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;

/**
 * {@code seedloop audit}: checks the loop's promises on its topics. Every candidate has exactly one instruction
 * verdict, every acceptance of an instruction exactly one outcome of the responder (an answer, a rejection or a
 * dead letter), every accepted example exactly one pool record, and no machine-written pool instruction is a
 * near-duplicate of another pool instruction. An instruction's id is its normalised text's, so a text that left the
 * pool may be accepted again: outcomes and pool records are counted against how often their id was accepted. Records still on their way are counted as waiting, not as lost.
 * Topics stream by and only keys are kept, so a loop of millions of records is audited in a small heap.
 */
public final class LoopAudit {

    /**
     * The responder's service name, as its dead letters record it ({@code dev.seedloop.responder.Main.SERVICE}; the
     * audit does not depend on the responder, and the loop's system tests audit its dead letters).
     */
    static final String RESPONDER_SERVICE = "responder-service";

    /**
     * What the audit found. {@code doubled*} and {@code nearDuplicates} break a promise; {@code waiting*} are records
     * whose next stage has not written yet (zero once the loop is drained).
     *
     * @param maxRougeL       the highest score above the threshold; 0 when no instruction is above it
     * @param promotedRecords pool records a replay's {@code --promote} wrote (entries and tombstones): its examples
     *                        are in the replay's topics, so they are counted apart from the sink's
     */
    public record Report(long candidates, long duplicateCandidateIds, long acceptedInstructions, long examples,
            long poolMachineEntries, long waitingForVerdict, long doubledVerdicts, long waitingForOutcome,
            long doubledOutcomes, long waitingForPool, long doubledPoolRecords, long poolRecordsWithoutExample,
            long nearDuplicates, double maxRougeL, double threshold, long unreadable, long promotedRecords) {

        /** No promise broken. */
        public boolean clean() {
            return duplicateCandidateIds == 0 && doubledVerdicts == 0 && doubledOutcomes == 0
                    && doubledPoolRecords == 0 && poolRecordsWithoutExample == 0 && nearDuplicates == 0;
        }

        /** Clean, and nothing waiting: every record has reached the end of the loop. */
        public boolean drained() {
            return clean() && waiting() == 0;
        }

        /** Records whose next stage has not written yet. */
        public long waiting() {
            return waitingForVerdict + waitingForOutcome + waitingForPool;
        }

        public String describe() {
            return String.format(Locale.ROOT, "  candidates            %,d (%,d ids written twice)%n"
                    + "  instruction verdicts  %,d waiting, %,d candidates with more than one%n"
                    + "  output outcomes       %,d of %,d accepted instructions waiting, %,d with more than one%n"
                    + "  pool records          %,d of %,d examples waiting, %,d written twice, %,d without an "
                    + "example%s%n"
                    + "  near-duplicates       %,d machine pool instructions above ROUGE-L %.2f%s%n"
                    + "  unreadable records    %,d%n"
                    + "  verdict               %s", candidates, duplicateCandidateIds, waitingForVerdict,
                    doubledVerdicts, waitingForOutcome, acceptedInstructions, doubledOutcomes, waitingForPool,
                    examples, doubledPoolRecords, poolRecordsWithoutExample, promotedRecords == 0 ? ""
                    : String.format(Locale.ROOT, " (and %,d written by replay promotions)", promotedRecords),
                    nearDuplicates, threshold, nearDuplicates == 0
                    ? "" : String.format(Locale.ROOT, " (highest %.4f)", maxRougeL),
                    unreadable, !clean() ? "BROKEN: a promise does not hold" : drained()
                            ? "clean and drained: nothing lost, nothing doubled"
                            : String.format(Locale.ROOT, "clean; %,d records are still on their way through the "
                            + "loop", waiting()));
        }
    }

    /** Machine pool instructions checked at once on every core before the chunk's own are compared in order. */
    private static final int CHUNK = 256;

    private final KafkaClients clients;
    private final double threshold;

    public LoopAudit(KafkaClients clients, double threshold) {
        this.clients = clients;
        this.threshold = threshold;
    }

    public Report run() {
        return run(true);
    }

    /** The audit; without {@code nearDuplicates} the ROUGE-L scan of the pool is skipped (reported as 0). */
    public Report run(boolean nearDuplicates) {
        return run(nearDuplicates, progress -> { });
    }

    /**
     * The audit, telling {@code progress} how far each step has got. Every topic streams by once and only its keys
     * are kept, as 64-bit hashes ({@link KeyHash}); the near-duplicate scan reads the pool again into a spill file
     * ({@link PoolSpill}), so the heap holds the keys and the ROUGE-L index, not the records.
     */
    public Report run(boolean nearDuplicates, Consumer<ReadProgress> progress) {
        Counts counts = count(progress);
        double[] max = {0};
        long near = 0;
        if (nearDuplicates) {
            try {
                near = nearDuplicates(progress, max);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill the pool for the near-duplicate scan: " + e.getMessage(),
                        e);
            }
        }
        return new Report(counts.candidates, counts.duplicateIds, counts.accepted, counts.examples,
                counts.poolMachineEntries, counts.waitingForVerdict, counts.doubledVerdicts, counts.waitingForOutcome,
                counts.doubledOutcomes, counts.waitingForPool, counts.doubledPool, counts.withoutExample, near,
                max[0], threshold, counts.unreadable, counts.promoted);
    }

    /** What the topics' keys say, before the near-duplicate scan (whose index needs the heap these sets held). */
    private record Counts(long candidates, long duplicateIds, long accepted, long examples, long poolMachineEntries,
            long waitingForVerdict, long doubledVerdicts, long waitingForOutcome, long doubledOutcomes,
            long waitingForPool, long doubledPool, long withoutExample, long unreadable, long promoted) {
    }

    private Counts count(Consumer<ReadProgress> progress) {
        TopicRegistry topics = clients.settings().topics();
        String reader = "seedloop-audit";
        long unreadable = 0;
        // Downstream first: a record read from one topic finds what it came from in the topics read after it,
        // so a loop that runs during the audit shows records on their way, never records without an origin.
        // The sink writes one pool record per example (human data ingested with --filter included): per key, the
        // pool records not written by a replay's --promote (whose examples are in the replay's topics), and of
        // those the machine-written ones
        LongIntHashMap poolRecords = new LongIntHashMap();
        LongIntHashMap machineRecords = new LongIntHashMap();
        long[] promoted = {0};
        unreadable += TopicStream.read(clients, reader, topics.pool(), progress, record -> {
            if (record.value() == null || record.key() == null) {
                return;
            }
            if (record.header(Replay.PROMOTED_HEADER).isPresent()) {
                promoted[0]++;
                return;
            }
            long key = KeyHash.of(record.key());
            poolRecords.addTo(key, 1);
            if (record.value().getSource() == Source.MACHINE) {
                machineRecords.addTo(key, 1);
            }
        });
        // Per instruction id, how often: an id is its normalised text's, and a text that left the pool (removed by a
        // replay's promotion, or its example rejected by a response rule) may be accepted again later, each time
        // with its own outcome, example and pool record
        LongIntHashMap examples = new LongIntHashMap();
        unreadable += TopicStream.read(clients, reader, topics.examples(), progress, record -> {
            if (record.value() != null) {
                examples.addTo(KeyHash.of(record.value().getInstructionId()), 1);
            }
        });
        LongIntHashMap outcomes = new LongIntHashMap();
        // The responder's dead letters; "response-service" is its name in records written before 0.2
        unreadable += TopicStream.read(clients, reader, topics.deadLetters(), progress, record -> {
            DeadLetter letter = record.value();
            if (letter != null && letter.getKey() != null && (letter.getStage().startsWith(RESPONDER_SERVICE)
                    || letter.getStage().startsWith("response-service"))) {
                outcomes.addTo(KeyHash.of(StandardCharsets.UTF_8.decode(letter.getKey().duplicate()).toString()), 1);
            }
        });
        unreadable += TopicStream.read(clients, reader, topics.responses(), progress, record -> {
            if (record.value() != null) {
                outcomes.addTo(KeyHash.of(record.value().getInstructionId()), 1);
            }
        });
        LongIntHashMap verdicts = new LongIntHashMap();
        unreadable += TopicStream.read(clients, reader, topics.rejections(), progress, record -> {
            Rejection rejection = record.value();
            if (rejection == null) {
                return;
            }
            if (rejection.getStage() == RejectionStage.RESPONDER) {
                outcomes.addTo(KeyHash.of(rejection.getInstructionId()), 1);
            } else if (rejection.getStage() == RejectionStage.INSTRUCTION && rejection.getCandidateId() != null) {
                verdicts.addTo(KeyHash.of(rejection.getCandidateId()), 1);
            }
        });
        LongIntHashMap accepted = new LongIntHashMap();
        unreadable += TopicStream.read(clients, reader, topics.instructions(), progress, record -> {
            if (record.value() != null) {
                verdicts.addTo(KeyHash.of(record.value().getCandidateId()), 1);
                accepted.addTo(KeyHash.of(record.value().getInstructionId()), 1);
            }
        });
        LongHashSet candidateIds = new LongHashSet();
        long[] duplicateIds = {0};
        unreadable += TopicStream.read(clients, reader, topics.candidates(), progress, record -> {
            if (record.value() != null && !candidateIds.add(KeyHash.of(record.value().getCandidateId()))) {
                duplicateIds[0]++;
            }
        });

        long waitingForVerdict = count(candidateIds, id -> !verdicts.containsKey(id));
        long doubledVerdicts = countValues(verdicts, count -> count > 1);
        long waitingForOutcome = 0;
        long acceptances = 0;
        for (LongIntCursor id : accepted) {
            acceptances += id.value;
            waitingForOutcome += outcomes.getOrDefault(id.key, 0) < id.value ? 1 : 0;
        }
        long doubledOutcomes = 0;
        for (LongIntCursor id : outcomes) {
            doubledOutcomes += id.value > accepted.getOrDefault(id.key, 0) ? 1 : 0;
        }
        long poolMachineEntries = 0;
        long doubledPool = 0;
        long withoutExample = 0;
        for (LongIntCursor key : poolRecords) {
            int exampleCount = examples.getOrDefault(key.key, 0);
            if (exampleCount > 0) {
                poolMachineEntries++;
                doubledPool += key.value > exampleCount ? 1 : 0;
            } else {
                withoutExample += machineRecords.getOrDefault(key.key, 0);
            }
        }
        long waitingForPool = 0;
        long exampleRecords = 0;
        for (LongIntCursor id : examples) {
            exampleRecords += id.value;
            waitingForPool += poolRecords.getOrDefault(id.key, 0) < id.value ? 1 : 0;
        }
        return new Counts(candidateIds.size(), duplicateIds[0], acceptances, exampleRecords,
                poolMachineEntries, waitingForVerdict, doubledVerdicts, waitingForOutcome, doubledOutcomes,
                waitingForPool, doubledPool, withoutExample, unreadable, promoted[0]);
    }

    private static long count(LongHashSet keys, LongPredicate counted) {
        long count = 0;
        for (LongCursor key : keys) {
            count += counted.test(key.value) ? 1 : 0;
        }
        return count;
    }

    private static long countValues(LongIntHashMap counts, IntPredicate counted) {
        long count = 0;
        for (IntCursor value : counts.values()) {
            count += counted.test(value.value) ? 1 : 0;
        }
        return count;
    }

    /**
     * Machine pool instructions above the threshold against another pool instruction, found with the filter's own
     * near-duplicate index over the pool as compaction leaves it: human entries first, then each machine entry
     * (in the order they were added) looked up before it is added, so every pair with a machine entry in it is
     * compared once. A chunk of machine entries is looked up on every core against the index as it stood before
     * the chunk, then each, in order, against the chunk's entries before it: the same comparisons as one at a
     * time. {@code max} gets the highest score above the threshold.
     */
    private long nearDuplicates(Consumer<ReadProgress> progress, double[] max) throws IOException {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        try (PoolSpill pool = PoolSpill.read(clients, "seedloop-audit-pool", directory, entry -> true, progress)) {
            NearDuplicateIndex index = new NearDuplicateIndex(threshold);
            index.beginBulkLoad();
            for (PoolEntry entry : pool.inOrder()) {
                if (entry.getSource() != Source.MACHINE) {
                    index.add(entry.getInstruction());
                }
            }
            index.endBulkLoad();
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "audit-near-duplicates");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<NearDuplicateIndex.Searcher> searchers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    searchers.add(index.searcher());
                }
                long above = 0;
                List<List<String>> chunk = new ArrayList<>(CHUNK);
                for (PoolEntry entry : pool.inOrder("pool entries checked for near-duplicates", progress)) {
                    if (entry.getSource() == Source.MACHINE) {
                        chunk.add(RougeTokenizer.tokenize(entry.getInstruction()));
                        if (chunk.size() == CHUNK) {
                            above += check(chunk, index, searchers, workers, max);
                            chunk.clear();
                        }
                    }
                }
                return above + check(chunk, index, searchers, workers, max);
            } finally {
                workers.shutdownNow();
            }
        }
    }

    private static long check(List<List<String>> chunk, NearDuplicateIndex index,
            List<NearDuplicateIndex.Searcher> searchers, ExecutorService workers, double[] max) {
        NearDuplicateIndex.Match[] againstPool = new NearDuplicateIndex.Match[chunk.size()];
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < searchers.size(); t++) {
            int first = t;
            NearDuplicateIndex.Searcher searcher = searchers.get(t);
            parts.add(workers.submit(() -> {
                for (int k = first; k < chunk.size(); k += searchers.size()) {
                    againstPool[k] = searcher.best(chunk.get(k));
                }
            }));
        }
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the near-duplicate scan", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the near-duplicate scan failed", e.getCause());
            }
        }
        int chunkStart = index.nextEntry();
        long above = 0;
        for (int k = 0; k < chunk.size(); k++) {
            double best = againstPool[k].found() ? againstPool[k].score() : 0;
            boolean found = againstPool[k].found();
            if (index.nextEntry() > chunkStart) {
                NearDuplicateIndex.Match local = searchers.get(0).best(chunk.get(k), chunkStart);
                if (local.found()) {
                    found = true;
                    best = Math.max(best, local.score());
                }
            }
            if (found) {
                above++;
                max[0] = Math.max(max[0], best);
            }
            index.add(chunk.get(k));
        }
        return above;
    }
}
