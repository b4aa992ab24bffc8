package dev.seedloop.tools.export;

import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.runtime.kafka.KafkaClients;
import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import dev.seedloop.tools.snapshot.PoolSpill;
import dev.seedloop.tools.snapshot.ReadProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * {@code seedloop export}: the pool as a training file, one row per instance, ordered by the time each entry
 * joined the pool and then by id, so the same pool always gives the same file.
 */
public final class Export {

    /**
     * What to export.
     *
     * @param sources the kinds of entry to keep; all when empty
     * @param since   keep entries added at or after this instant
     * @param requireClean refuse to write anything when an exported entry quotes an item of these eval sets
     */
    public record Options(ExportFormat format, Path out, Set<Source> sources, Optional<Instant> since,
            Optional<ContaminationIndex> requireClean) {

        public Options(ExportFormat format, Path out, Set<Source> sources, Optional<Instant> since) {
            this(format, out, sources, since, Optional.empty());
        }
    }

    /** Thrown instead of writing when {@code --require-clean} finds exported entries that quote eval items. */
    public static final class ContaminatedException extends Exception {
        private static final long serialVersionUID = 1L;

        ContaminatedException(String message) {
            super(message);
        }
    }

    /** What was written. */
    public record Summary(int entries, int rows, Map<String, Integer> rowsBySource, long unreadable) {

        public String describe(Options options) {
            return String.format(Locale.ROOT, "  exported      %,d rows (%s) from %,d pool entries -> %s (%s)%s",
                    rows, rowsBySource.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                            .collect(Collectors.joining(", ")), entries, options.out(),
                    options.format().cliName(), unreadable == 0 ? ""
                    : String.format(Locale.ROOT, "%n  unreadable    %,d pool records (in the filter's dead letters)",
                    unreadable));
        }
    }

    /**
     * The source selections {@code --source} takes: every value the rows' {@code source} column holds
     * ({@link ExampleRow#source(Source)}), and {@code human} and {@code benchmark} for short.
     */
    public static Set<Source> sources(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("human")) {
            return EnumSet.of(Source.HUMAN_SEED, Source.HUMAN_DATASET);
        }
        if (wanted.equals("benchmark")) {
            return EnumSet.of(Source.BENCHMARK_TEMPLATE);
        }
        for (Source source : Source.values()) {
            if (ExampleRow.source(source).equals(wanted)) {
                return EnumSet.of(source);
            }
        }
        throw new IllegalArgumentException("unknown --source '" + name + "'; known: human, machine, benchmark, "
                + Arrays.stream(Source.values()).map(ExampleRow::source)
                        .collect(Collectors.joining(", ")));
    }

    private final KafkaClients clients;
    private final Options options;

    public Export(KafkaClients clients, Options options) {
        this.clients = clients;
        this.options = options;
    }

    public Summary run() throws IOException, ContaminatedException {
        return run(progress -> { });
    }

    /**
     * Reads the pool as it streams by into a temporary file beside the output (without vectors), then writes the
     * rows in (time added, id) order from it, so the heap holds about 100 bytes an entry, not the entries.
     */
    public Summary run(Consumer<ReadProgress> progress) throws IOException, ContaminatedException {
        Path directory = options.out().toAbsolutePath().getParent();
        try (PoolSpill pool = PoolSpill.read(clients, "seedloop-export", directory, this::selected, progress)) {
            if (options.requireClean().isPresent()) {
                refuseContaminated(pool.inOrder(), pool.size(), options.requireClean().get());
            }
            int[] rows = {0};
            Map<String, Integer> bySource = new TreeMap<>();
            Iterable<ExampleRow> stream = () -> StreamSupport.stream(pool.inOrder("pool entries written", progress)
                    .spliterator(), false)
                    .flatMap(entry -> ExampleRow.of(entry).stream())
                    .peek(row -> {
                        rows[0]++;
                        bySource.merge(row.source(), 1, Integer::sum);
                    }).iterator();
            options.format().write(stream, options.out());
            return new Summary(pool.size(), rows[0], bySource, pool.unreadable());
        }
    }

    private boolean selected(PoolEntry entry) {
        return (options.sources().isEmpty() || options.sources().contains(entry.getSource()))
                && options.since().map(since -> !entry.getAddedAt().isBefore(since)).orElse(true);
    }

    private static void refuseContaminated(Iterable<PoolEntry> entries, int count, ContaminationIndex index)
            throws ContaminatedException {
        Map<String, Integer> bySet = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int quoting = 0;
        for (PoolEntry entry : entries) {
            List<String> texts = new ArrayList<>();
            texts.add(entry.getInstruction());
            if (entry.getConversation() != null) {
                entry.getConversation().forEach(turn -> texts.add(turn.getContent()));
            }
            entry.getInstances().forEach(instance -> {
                texts.add(instance.getInput());
                texts.add(instance.getOutput());
            });
            List<ContaminationIndex.Match> matches = texts.stream().flatMap(text -> index.matches(text).stream())
                    .toList();
            if (!matches.isEmpty()) {
                quoting++;
                matches.stream().map(ContaminationIndex.Match::evalSet).distinct()
                        .forEach(set -> bySet.merge(set, 1, Integer::sum));
                if (examples.size() < 3) {
                    examples.add(entry.getId() + " quotes " + matches.get(0).evalSet() + " item "
                            + matches.get(0).itemId());
                }
            }
        }
        if (quoting > 0) {
            String sets = index.sets().stream().map(set -> set.name()).collect(Collectors.joining(","));
            throw new ContaminatedException(quoting + " of the " + count + " entries to export quote eval "
                    + "items (" + bySet.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")) + "; " + String.join("; ", examples) + "): nothing "
                    + "was written. Remove them with: seedloop contamination --eval " + sets + " --remove");
        }
    }
}
