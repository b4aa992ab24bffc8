package dev.seedloop.tools.audit;

import dev.seedloop.filter.dedup.NearDuplicateIndex;
import dev.seedloop.filter.dedup.RougeTokenizer;
import dev.seedloop.tools.snapshot.TopicSnapshot;
import dev.seedloop.tools.replay.Replay;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.TopicRegistry;
import dev.seedloop.schemas.avro.AcceptedInstruction;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.DeadLetter;
import dev.seedloop.schemas.avro.Example;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Rejection;
import dev.seedloop.schemas.avro.RejectionStage;
import dev.seedloop.schemas.avro.Source;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code seedloop audit}: checks the loop's promises on its topics. Every candidate has exactly one instruction
 * verdict, every accepted instruction exactly one outcome of the responder (an answer, a rejection or a dead
 * letter), every accepted example exactly one pool record, and no machine-written pool instruction is a
 * near-duplicate of another pool instruction. Records still on their way are counted as waiting, not as lost.
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
        TopicRegistry topics = clients.settings().topics();
        // Downstream first: a record read from one topic finds what it came from in the topics read after it,
        // so a loop that runs during the audit shows records on their way, never records without an origin
        TopicSnapshot.Snapshot<PoolEntry> pool = TopicSnapshot.read(clients, topics.pool());
        TopicSnapshot.Snapshot<Example> examples = TopicSnapshot.read(clients, topics.examples());
        TopicSnapshot.Snapshot<DeadLetter> deadLetters = TopicSnapshot.read(clients, topics.deadLetters());
        TopicSnapshot.Snapshot<Example> responses = TopicSnapshot.read(clients, topics.responses());
        TopicSnapshot.Snapshot<Rejection> rejections = TopicSnapshot.read(clients, topics.rejections());
        TopicSnapshot.Snapshot<AcceptedInstruction> accepted = TopicSnapshot.read(clients, topics.instructions());
        TopicSnapshot.Snapshot<CandidateInstruction> candidates = TopicSnapshot.read(clients, topics.candidates());

        Set<String> candidateIds = new HashSet<>();
        long duplicateIds = 0;
        for (CandidateInstruction candidate : candidates.values()) {
            if (!candidateIds.add(candidate.getCandidateId())) {
                duplicateIds++;
            }
        }
        Map<String, Integer> verdicts = new HashMap<>();
        accepted.values().forEach(a -> verdicts.merge(a.getCandidateId(), 1, Integer::sum));
        rejections.values().stream().filter(r -> r.getStage() == RejectionStage.INSTRUCTION && r.getCandidateId()
                != null).forEach(r -> verdicts.merge(r.getCandidateId(), 1, Integer::sum));
        long waitingForVerdict = candidateIds.stream().filter(id -> !verdicts.containsKey(id)).count();
        long doubledVerdicts = verdicts.values().stream().filter(count -> count > 1).count();

        Map<String, Integer> outcomes = new HashMap<>();
        responses.values().forEach(e -> outcomes.merge(e.getInstructionId(), 1, Integer::sum));
        rejections.values().stream().filter(r -> r.getStage() == RejectionStage.RESPONDER)
                .forEach(r -> outcomes.merge(r.getInstructionId(), 1, Integer::sum));
        // The responder's dead letters; "response-service" is its name in records written before 0.2
        deadLetters.values().stream().filter(d -> (d.getStage().startsWith(RESPONDER_SERVICE)
                || d.getStage().startsWith("response-service")) && d.getKey() != null)
                .forEach(d -> outcomes.merge(StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString(), 1,
                        Integer::sum));
        Set<String> acceptedIds = new HashSet<>();
        accepted.values().forEach(a -> acceptedIds.add(a.getInstructionId()));
        long waitingForOutcome = acceptedIds.stream().filter(id -> !outcomes.containsKey(id)).count();
        long doubledOutcomes = outcomes.values().stream().filter(count -> count > 1).count();

        // The sink writes one pool record per example (human data ingested with --filter included)
        Set<String> exampleIds = new HashSet<>();
        examples.values().forEach(e -> exampleIds.add(e.getInstructionId()));
        Map<String, Integer> poolRecords = new HashMap<>();
        Map<String, PoolEntry> latest = new LinkedHashMap<>();
        long withoutExample = 0;
        long promoted = 0;
        for (TopicSnapshot.Entry<PoolEntry> record : pool.entries()) {
            if (record.value() == null) {
                latest.remove(record.key());
                continue;
            }
            latest.put(record.key(), record.value());
            if (record.header(Replay.PROMOTED_HEADER).isPresent()) {
                // A replay's example, applied by --promote: the replay's topics hold its example
                promoted++;
            } else if (exampleIds.contains(record.key())) {
                poolRecords.merge(record.key(), 1, Integer::sum);
            } else if (record.value().getSource() == Source.MACHINE) {
                withoutExample++;
            }
        }
        long waitingForPool = exampleIds.stream().filter(id -> !poolRecords.containsKey(id)).count();
        long doubledPool = poolRecords.values().stream().filter(count -> count > 1).count();

        double[] max = {0};
        long near = nearDuplicates ? nearDuplicates(latest.values(), max) : 0;
        long unreadable = candidates.unreadable() + accepted.unreadable() + rejections.unreadable()
                + responses.unreadable() + examples.unreadable() + deadLetters.unreadable() + pool.unreadable();
        return new Report(candidateIds.size(), duplicateIds, acceptedIds.size(), exampleIds.size(),
                poolRecords.size(), waitingForVerdict, doubledVerdicts, waitingForOutcome, doubledOutcomes,
                waitingForPool, doubledPool, withoutExample, near, max[0], threshold, unreadable, promoted);
    }

    /**
     * Machine pool instructions above the threshold against another pool instruction, found with the filter's own
     * near-duplicate index: human entries first, then each machine entry looked up before it is added, so every
     * pair with a machine entry in it is compared once. {@code max} gets the highest score above the threshold.
     */
    private long nearDuplicates(Collection<PoolEntry> pool, double[] max) {
        NearDuplicateIndex index = new NearDuplicateIndex(threshold);
        index.beginBulkLoad();
        pool.stream().filter(entry -> entry.getSource() != Source.MACHINE)
                .forEach(entry -> index.add(entry.getInstruction()));
        index.endBulkLoad();
        long above = 0;
        for (PoolEntry entry : pool) {
            if (entry.getSource() != Source.MACHINE) {
                continue;
            }
            List<String> tokens = RougeTokenizer.tokenize(entry.getInstruction());
            NearDuplicateIndex.Match match = index.best(tokens);
            if (match.found()) {
                above++;
                max[0] = Math.max(max[0], match.score());
            }
            index.add(tokens);
        }
        return above;
    }
}
