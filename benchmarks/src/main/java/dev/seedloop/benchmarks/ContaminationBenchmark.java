package dev.seedloop.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.filter.contamination.ContaminationIndex;
import dev.seedloop.filter.contamination.EvalSet;
import dev.seedloop.filter.contamination.EvalSets;
import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Benchmark contamination: the n-gram index over the shipped eval sets, measured four ways.
 * <ul>
 * <li>Checking: Alpaca's instructions with their inputs (what the instruction stage checks), one thread.</li>
 * <li>Planted leaks: each eval item's first text (a GSM8K question, a HumanEval prompt, an MT-Bench or Vicuna
 * question) written into an Alpaca instruction verbatim, with only its formatting changed (case, punctuation,
 * spacing), after a prefix ("Solve this: "), and with one word in ten replaced; and each GSM8K answer and HumanEval
 * canonical solution as a response's output (the response stage): the share caught.</li>
 * <li>False alarms: the 5,000 Alpaca records and the 175 Self-Instruct seed tasks (instruction, inputs and outputs),
 * which quote no benchmark: every record flagged is printed with what it matched, for a person to look at.</li>
 * </ul>
 * {@code benchmarks/run contamination [--ngram N] [--span S] [--min-tokens M] [--max-items K] [--sweep]} (sweep: the
 * planted leaks and false alarms at several settings, to choose the defaults from)
 */
public final class ContaminationBenchmark {

    private static final String[] PREFIXES = {"Solve this: ", "Answer the following question. ", "Q: ",
        "Please help me with this task:\n"};
    private static final String PUNCTUATION = ".,;:!?-";

    private ContaminationBenchmark() {
    }

    public static void main(String[] args) {
        List<EvalSet> sets = EvalSets.load(EvalSets.ALL_SHIPPED);
        List<JsonNode> alpaca = SharedData.jsonLines("alpaca_5000.jsonl");
        List<JsonNode> seeds = SharedData.jsonLines("seed_tasks.jsonl");
        System.out.printf(Locale.ROOT, "benchmark contamination: eval sets %s; %d cores, Java %s%n",
                EvalSets.ALL_SHIPPED, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (List.of(args).contains("--sweep")) {
            int[][] shapes = {{8, 8}, {8, 13}, {8, 16}, {10, 13}, {13, 13}};
            for (int[] shape : shapes) {
                for (int minTokens : new int[] {6, 8}) {
                    for (int maxItems : new int[] {2, 5, 20}) {
                        ContaminationIndex index = new ContaminationIndex(sets, new ContaminationIndex.Settings(
                                shape[0], shape[1], Math.min(shape[0], minTokens), maxItems));
                        System.out.printf(Locale.ROOT, "%nn-gram %d, span %d, eval texts of at least %d tokens, "
                                + "boilerplate above %d items (%,d dropped):%n", shape[0], shape[1], minTokens,
                                maxItems, index.boilerplate());
                        planted(index, sets, alpaca);
                        falseAlarms(index, alpaca, seeds, false);
                    }
                }
            }
            return;
        }
        ContaminationIndex.Settings defaults = new ContaminationIndex.Settings(8, 13, 6, 5);
        ContaminationIndex.Settings settings = new ContaminationIndex.Settings(
                intOption(args, "--ngram", defaults.ngram()), intOption(args, "--span", defaults.span()),
                intOption(args, "--min-tokens", defaults.minTokens()),
                intOption(args, "--max-items", defaults.maxItems()));
        long started = System.nanoTime();
        ContaminationIndex index = new ContaminationIndex(sets, settings);
        System.out.printf(Locale.ROOT, "index: n-gram %d, span %d, eval texts of at least %d tokens, boilerplate "
                        + "above %d items: built in %.0f ms; %,d n-grams and short texts held, %,d dropped as "
                        + "boilerplate%n", settings.ngram(), settings.span(), settings.minTokens(), settings.maxItems(),
                (System.nanoTime() - started) / 1e6,
                index.size(), index.boilerplate());
        for (ContaminationIndex.SetSummary summary : index.summaries()) {
            System.out.printf(Locale.ROOT, "  %-13s %,5d items, %,5d texts, %,7d n-grams%n", summary.name(),
                    summary.items(), summary.texts(), summary.ngrams());
        }
        throughput(index, alpaca);
        planted(index, sets, alpaca);
        falseAlarms(index, alpaca, seeds, true);
    }

    private static void throughput(ContaminationIndex index, List<JsonNode> alpaca) {
        List<String> instructions = alpaca.stream().map(record -> record.path("instruction").asText()).toList();
        List<String> inputs = alpaca.stream().map(record -> record.path("input").asText()).toList();
        List<String> outputs = alpaca.stream().map(record -> record.path("output").asText()).toList();
        for (int warm = 0; warm < 5; warm++) {
            check(index, instructions, inputs);
        }
        long checked = 0;
        long started = System.nanoTime();
        while (System.nanoTime() - started < 3_000_000_000L) {
            check(index, instructions, inputs);
            checked += instructions.size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "checking, one thread: %,.0f instructions/s (instruction and input)%n",
                checked / seconds);
        checked = 0;
        started = System.nanoTime();
        while (System.nanoTime() - started < 3_000_000_000L) {
            for (String output : outputs) {
                index.find(output);
            }
            checked += outputs.size();
        }
        seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "checking, one thread: %,.0f outputs/s (Alpaca outputs, %.0f characters on "
                + "average)%n", checked / seconds, outputs.stream().mapToInt(String::length).average().orElse(0));
    }

    private static int check(ContaminationIndex index, List<String> instructions, List<String> inputs) {
        int flagged = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (index.find(instructions.get(i)).isPresent() || index.find(inputs.get(i)).isPresent()) {
                flagged++;
            }
        }
        return flagged;
    }

    /** How many planted leaks each edit leaves findable, per set. */
    private static void planted(ContaminationIndex index, List<EvalSet> sets, List<JsonNode> alpaca) {
        Random random = new Random(7);
        List<String> words = new ArrayList<>();
        for (JsonNode record : alpaca) {
            for (String word : record.path("instruction").asText().split("\\s+")) {
                if (word.chars().allMatch(Character::isLetter) && word.length() > 2) {
                    words.add(word);
                }
            }
        }
        Map<String, int[]> caught = new LinkedHashMap<>();
        String[] edits = {"verbatim", "formatting", "prefix", "one word in ten"};
        int minTokens = index.settings().minTokens();
        for (EvalSet set : sets) {
            for (EvalSet.Item item : set.items()) {
                Optional<String> first = item.texts().stream()
                        .filter(text -> text.trim().split("\\s+").length >= minTokens).findFirst();
                if (first.isEmpty()) {
                    continue;
                }
                String text = first.get();
                String[] leaks = {text, formatting(text, random), PREFIXES[random.nextInt(PREFIXES.length)] + text,
                    wordsReplaced(text, words, random)};
                for (int edit = 0; edit < edits.length; edit++) {
                    int[] counts = caught.computeIfAbsent(set.name() + "|" + edits[edit], key -> new int[2]);
                    counts[1]++;
                    if (index.find(leaks[edit]).isPresent()) {
                        counts[0]++;
                    }
                }
            }
        }
        for (EvalSet set : sets) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  planted %-13s", set.name()));
            for (String edit : edits) {
                int[] counts = caught.get(set.name() + "|" + edit);
                line.append(String.format(Locale.ROOT, "  %s %d/%d (%.1f%%)", edit, counts[0], counts[1],
                        100.0 * counts[0] / counts[1]));
            }
            System.out.println(line);
        }
        // the response stage: answers and solutions as outputs
        for (EvalSet set : sets) {
            String field = set.name().equals("gsm8k") ? "answer" : set.name().equals("humaneval")
                    ? "canonical_solution" : null;
            if (field == null) {
                continue;
            }
            List<JsonNode> records = SharedData.jsonLines("eval/" + (set.name().equals("gsm8k") ? "gsm8k_test"
                    : "humaneval") + ".jsonl");
            int found = 0;
            int shorter = 0;
            for (JsonNode record : records) {
                String output = record.path(field).asText();
                if (index.find("Here is the answer:\n" + output).isPresent()) {
                    found++;
                } else if (output.trim().split("[^\\p{L}\\p{N}]+").length < minTokens) {
                    shorter++;
                }
            }
            System.out.printf(Locale.ROOT, "  planted %s %s as outputs: %d/%d caught (%.1f%%); of the missed, %d "
                            + "have fewer than %d tokens%n", set.name(), field, found, records.size(),
                    100.0 * found / records.size(), shorter, minTokens);
        }
    }

    private static void falseAlarms(ContaminationIndex index, List<JsonNode> alpaca, List<JsonNode> seeds,
            boolean print) {
        int flagged = 0;
        int records = 0;
        for (JsonNode record : alpaca) {
            records++;
            String[] texts = {record.path("instruction").asText(), record.path("input").asText(),
                record.path("output").asText()};
            flagged += flag(index, "alpaca " + (records - 1), texts, print);
        }
        for (JsonNode seed : seeds) {
            records++;
            List<String> texts = new ArrayList<>();
            texts.add(seed.path("instruction").asText());
            seed.path("instances").forEach(instance -> {
                texts.add(instance.path("input").asText());
                texts.add(instance.path("output").asText());
            });
            flagged += flag(index, seed.path("id").asText(), texts.toArray(String[]::new), print);
        }
        System.out.printf(Locale.ROOT, "  flagged: %d of %,d records (%d Alpaca, %d seed tasks): %.3f%%%n", flagged,
                records, alpaca.size(), seeds.size(), 100.0 * flagged / records);
    }

    private static int flag(ContaminationIndex index, String name, String[] texts, boolean print) {
        for (String text : texts) {
            Optional<ContaminationIndex.Match> match = index.find(text);
            if (match.isPresent()) {
                if (print) {
                    System.out.printf(Locale.ROOT, "  flagged %s: %s %s, %d tokens: \"%s\"%n", name,
                            match.get().evalSet(), match.get().itemId(), match.get().tokens(),
                            match.get().span().replace('\n', ' '));
                }
                return 1;
            }
        }
        return 0;
    }

    /** The same text with only its formatting changed: case, punctuation between words, and spacing. */
    static String formatting(String text, Random random) {
        StringBuilder edited = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean edge = i == 0 || i == text.length() - 1 || Character.isWhitespace(text.charAt(i - 1))
                    || Character.isWhitespace(text.charAt(i + 1));
            if (Character.isLetter(c)) {
                int roll = random.nextInt(10);
                edited.append(roll < 2 ? Character.toUpperCase(c) : roll < 4 ? Character.toLowerCase(c) : c);
            } else if (Character.isWhitespace(c)) {
                String[] spaces = {" ", "  ", "\n", "\t", " \n "};
                edited.append(spaces[random.nextInt(spaces.length)]);
            } else if (c == '\'' || c == '\u2019') {
                int roll = random.nextInt(3);
                edited.append(roll == 0 ? "" : roll == 1 ? "'" : "\u2019");
            } else if (!Character.isLetterOrDigit(c)) {
                int roll = random.nextInt(10);
                if (roll < 3 && edge) {
                    continue;
                }
                edited.append(roll < 6 ? PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())) : c);
            } else {
                edited.append(c);
            }
        }
        return edited.toString();
    }

    /** The text with one word in ten (by whitespace) replaced by a word from elsewhere. */
    static String wordsReplaced(String text, List<String> words, Random random) {
        String[] parts = text.split("(?<=\\s)|(?=\\s)");
        int word = 0;
        int offset = random.nextInt(10);
        StringBuilder edited = new StringBuilder();
        for (String part : parts) {
            if (!part.isBlank() && word++ % 10 == offset) {
                edited.append(words.get(random.nextInt(words.size())));
            } else {
                edited.append(part);
            }
        }
        return edited.toString();
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " takes a whole number, not '" + args[i + 1] + "'");
                }
            }
        }
        return fallback;
    }
}
