package dev.seedloop.benchmarks;

import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Instruction-like lines in any number, built from the real instructions of the shared data (Alpaca,
 * Self-Instruct, WizardLM, user-oriented tasks): a real instruction is the skeleton, its frequent words (stop
 * words and task words such as "write", "following") stay, and every other word is replaced by a content word
 * drawn with its real frequency. A share of lines are light rewordings of earlier ones (a word dropped, added
 * or replaced): the near-duplicates.
 */
public final class SyntheticInstructions {

    private static final int STRUCTURE_WORDS = 200;

    private final List<String[]> skeletons = new ArrayList<>();
    private final Set<String> structure = new HashSet<>();
    private final List<String> contentWords = new ArrayList<>();
    private final List<String> allWords = new ArrayList<>();
    private final Random random;
    private final double structureKept;
    private final double nearDuplicateShare;
    private final List<String> recent = new ArrayList<>();

    public SyntheticInstructions(long seed, double nearDuplicateShare) {
        this(seed, nearDuplicateShare, 0.5);
    }

    /**
     * @param structureKept share of a skeleton's frequent words kept (the others are drawn from all words, with
     *                      their frequencies)
     */
    public SyntheticInstructions(long seed, double nearDuplicateShare, double structureKept) {
        this.structureKept = structureKept;
        this.random = new Random(seed);
        this.nearDuplicateShare = nearDuplicateShare;
        List<String> corpus = new ArrayList<>(SharedData.field("alpaca_5000.jsonl", "instruction"));
        corpus.addAll(SharedData.field("seed_tasks.jsonl", "instruction"));
        corpus.addAll(SharedData.field("user_oriented_instructions.jsonl", "instruction"));
        corpus.addAll(SharedData.field("wizardlm_testset.jsonl", "Instruction"));
        Map<String, Integer> frequency = new HashMap<>();
        for (String line : corpus) {
            String[] words = line.strip().split("\\s+");
            skeletons.add(words);
            for (String word : words) {
                frequency.merge(key(word), 1, Integer::sum);
                allWords.add(word);
            }
        }
        frequency.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(STRUCTURE_WORDS).forEach(entry -> structure.add(entry.getKey()));
        for (String word : allWords) {
            if (!structure.contains(key(word))) {
                contentWords.add(word);
            }
        }
    }

    /** The next line. */
    public String next() {
        String line = random.nextDouble() < nearDuplicateShare && !recent.isEmpty() ? reword(pick(recent))
                : fill(pick(skeletons));
        if (recent.size() < 10_000) {
            recent.add(line);
        } else {
            recent.set(random.nextInt(recent.size()), line);
        }
        return line;
    }

    /** The next {@code count} lines. */
    public List<String> next(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(next());
        }
        return lines;
    }

    private String fill(String[] skeleton) {
        StringBuilder line = new StringBuilder();
        for (String word : skeleton) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            boolean kept = structure.contains(key(word)) && random.nextDouble() < structureKept;
            line.append(kept ? word : structure.contains(key(word)) ? pick(allWords) : pick(contentWords));
        }
        return line.toString();
    }

    private String reword(String line) {
        List<String> words = new ArrayList<>(List.of(line.split(" ")));
        int position = random.nextInt(words.size());
        switch (random.nextInt(3)) {
            case 0 -> {
                if (words.size() > 4) {
                    words.remove(position);
                }
            }
            case 1 -> words.add(position, pick(allWords));
            default -> words.set(position, pick(allWords));
        }
        return String.join(" ", words);
    }

    private static String key(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
