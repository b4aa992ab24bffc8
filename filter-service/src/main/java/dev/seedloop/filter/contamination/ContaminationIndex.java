package dev.seedloop.filter.contamination;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import dev.seedloop.runtime.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which evaluation items a text quotes. The unit is a run of {@code ngram} tokens shared with an eval text, in the
 * same order; a text quotes an eval text when the shared runs cover at least {@code span} of its tokens, or all of the
 * eval text when that is shorter, and an eval text shorter than {@code ngram} tokens is quoted when it appears whole.
 * One contiguous shared run of {@code span} tokens is GPT-3's and datatrove's test (13 tokens); allowing it to be made
 * of shorter runs (8, Tulu's n) also catches a quote with a word changed here and there, while a single short run
 * ("1, 2, 3, 4, 5, 6, 7, 8, 9, 10", a common line of code) is not enough. Tokens are the project's
 * ({@link TokenHashes}), so case, punctuation and spacing do not matter and Korean is compared at all.
 * <p>
 * Every n-gram of every eval text of at least {@code minTokens} tokens is held by its 64-bit polynomial hash, with the
 * texts it occurs in; a text's n-grams are hashed in one pass (prefix sums), looked up, and every hit is confirmed
 * token by token against the eval text (by the tokens' own 64-bit hashes), so a hash collision cannot report a match.
 * An n-gram that occurs in more than {@code maxItems} distinct eval items is boilerplate ("Let's think step by step",
 * a shared instruction sentence, a test harness line) and is not held: quoting it shows nothing about one item. The
 * index is read-only once built and may be shared between threads.
 */
public final class ContaminationIndex {

    private static final long BASE = 0x9e3779b97f4a7c15L;
    /** The longest span a match reports, in characters. */
    static final int SPAN_CHARS = 240;

    /**
     * How matches are found.
     *
     * @param ngram     the tokens of one shared run
     * @param span      the tokens of a text that shared runs must cover (at least {@code ngram})
     * @param minTokens the fewest tokens an eval text needs to count at all (shorter strings are ids, labels and
     *                  answers such as "18", which innocent text holds too)
     * @param maxItems  an n-gram (or short text) found in more eval items than this is boilerplate
     */
    public record Settings(int ngram, int span, int minTokens, int maxItems) {

        public Settings {
            if (ngram < 2 || ngram > 64) {
                throw new ConfigException("a contamination n-gram needs 2 to 64 tokens, not " + ngram);
            }
            if (span < ngram || span > 1000) {
                throw new ConfigException("a contamination span needs " + ngram + " (the n-gram) to 1000 tokens, not "
                        + span);
            }
            if (minTokens < 1 || minTokens > ngram) {
                throw new ConfigException("the shortest eval text needs 1 to " + ngram + " tokens (at most the "
                        + "n-gram), not " + minTokens);
            }
            if (maxItems < 1) {
                throw new ConfigException("an n-gram must be allowed in at least one eval item, not " + maxItems);
            }
        }
    }

    /**
     * An eval item a text quotes: its set, its id, the quoted part of the text (from the first shared token to the
     * last, cut to 240 characters) and how many of its tokens the shared runs cover.
     */
    public record Match(String evalSet, String itemId, String span, int tokens) {
    }

    /** What one set gave the index. */
    public record SetSummary(String name, String origin, int items, int texts, long ngrams) {
    }

    private static final Map<String, ContaminationIndex> BUILT = new ConcurrentHashMap<>();

    private final Settings settings;
    private final List<EvalSet> sets;
    private final List<SetSummary> summaries;
    private final String[] textSet;
    private final String[] textItem;
    private final long[][] textTokens;
    /** n-gram hash to where its postings start (high 48 bits) and how many there are (low 16). */
    private final LongLongHashMap ngrams;
    /** Postings: text index (high half) and the n-gram's first position in it (low half). */
    private final long[] postings;
    /** Whole hash of a short eval text (fewer than n tokens) to its text index. */
    private final LongLongHashMap shortTexts;
    private final int[] shortLengths;
    private final long[] powers;
    private final int boilerplate;
    private final ThreadLocal<Matcher> matchers = ThreadLocal.withInitial(Matcher::new);

    /** The index of {@code sets}; a set that gives it no text of at least {@code minTokens} tokens is an error. */
    public ContaminationIndex(List<EvalSet> sets, Settings settings) {
        this.settings = settings;
        this.sets = List.copyOf(sets);
        int n = settings.ngram();
        this.powers = new long[n + 1];
        powers[0] = 1;
        for (int i = 1; i <= n; i++) {
            powers[i] = powers[i - 1] * BASE;
        }
        List<String> setOf = new ArrayList<>();
        List<String> itemOf = new ArrayList<>();
        IntArrayList itemNumber = new IntArrayList();
        List<long[]> tokensOf = new ArrayList<>();
        List<boolean[]> weakOf = new ArrayList<>();
        List<SetSummary> summaries = new ArrayList<>();
        TokenHashes tokens = new TokenHashes();
        int item = 0;
        for (EvalSet set : sets) {
            int texts = 0;
            long held = 0;
            for (EvalSet.Item evalItem : set.items()) {
                item++;
                for (String text : evalItem.texts()) {
                    int size = tokens.read(text).size();
                    if (size < settings.minTokens()) {
                        continue;
                    }
                    setOf.add(set.name());
                    itemOf.add(evalItem.id());
                    itemNumber.add(item);
                    tokensOf.add(tokens.hashes());
                    boolean[] weak = new boolean[size];
                    for (int token = 0; token < size; token++) {
                        weak[token] = tokens.weak(token);
                    }
                    weakOf.add(weak);
                    texts++;
                    held += size < n ? 1 : size - n + 1;
                }
            }
            if (texts == 0) {
                throw new ConfigException("eval set " + set.name() + " (" + set.origin() + ") has no string of at "
                        + "least " + settings.minTokens() + " tokens: nothing in it could be matched (is it the "
                        + "right file?)");
            }
            summaries.add(new SetSummary(set.name(), set.origin(), set.items().size(), texts, held));
        }
        this.summaries = List.copyOf(summaries);
        this.textSet = setOf.toArray(String[]::new);
        this.textItem = itemOf.toArray(String[]::new);
        this.textTokens = tokensOf.toArray(long[][]::new);

        // first pass: in how many items and texts each n-gram (and each short text) occurs
        LongIntHashMap items = new LongIntHashMap();
        LongIntHashMap lastItem = new LongIntHashMap();
        LongIntHashMap texts = new LongIntHashMap();
        LongIntHashMap lastText = new LongIntHashMap();
        LongLongHashMap shortTexts = new LongLongHashMap();
        LongIntHashMap shortItems = new LongIntHashMap();
        LongIntHashMap shortLast = new LongIntHashMap();
        boolean[] lengths = new boolean[n];
        for (int text = 0; text < textTokens.length; text++) {
            long[] hashes = textTokens[text];
            long[] prefix = prefix(hashes, hashes.length, null);
            int number = itemNumber.get(text);
            int[] weak = weakSums(weakOf.get(text));
            if (hashes.length < n) {
                if (!distinctive(weak, 0, hashes.length)) {
                    continue;
                }
                long key = window(prefix, 0, hashes.length);
                if (shortLast.get(key) != number) {
                    shortLast.put(key, number);
                    if (shortItems.addTo(key, 1) == 1) {
                        shortTexts.put(key, (long) text << 32);
                    }
                }
                lengths[hashes.length] = true;
                continue;
            }
            for (int at = 0; at + n <= hashes.length; at++) {
                if (!distinctive(weak, at, n)) {
                    continue;
                }
                long key = window(prefix, at, n);
                if (lastItem.get(key) != number) {
                    lastItem.put(key, number);
                    items.addTo(key, 1);
                }
                if (lastText.get(key) != text + 1) {
                    lastText.put(key, text + 1);
                    texts.addTo(key, 1);
                }
            }
        }
        int dropped = 0;
        LongLongHashMap slots = new LongLongHashMap(texts.size());
        long offset = 0;
        for (var cursor : texts) {
            if (items.get(cursor.key) > settings.maxItems()) {
                dropped++;
            } else {
                slots.put(cursor.key, offset << 16);
                offset += cursor.value;
            }
        }
        for (var cursor : shortItems) {
            if (cursor.value > settings.maxItems()) {
                shortTexts.remove(cursor.key);
                dropped++;
            }
        }
        // second pass: each kept n-gram's texts, once each, at the n-gram's first place in the text
        long[] postings = new long[Math.toIntExact(offset)];
        lastText.clear();
        for (int text = 0; text < textTokens.length; text++) {
            long[] hashes = textTokens[text];
            if (hashes.length < n) {
                continue;
            }
            long[] prefix = prefix(hashes, hashes.length, null);
            for (int at = 0; at + n <= hashes.length; at++) {
                long key = window(prefix, at, n);
                int slot = slots.indexOf(key);
                if (!slots.indexExists(slot) || lastText.get(key) == text + 1) {
                    continue;
                }
                lastText.put(key, text + 1);
                long value = slots.indexGet(slot);
                postings[(int) ((value >>> 16) + (value & 0xffff))] = (long) text << 32 | at;
                slots.indexReplace(slot, value + 1);
            }
        }
        this.ngrams = slots;
        this.postings = postings;
        this.shortTexts = shortTexts;
        IntArrayList shortLengths = new IntArrayList();
        for (int length = 1; length < n; length++) {
            if (lengths[length]) {
                shortLengths.add(length);
            }
        }
        this.shortLengths = shortLengths.toArray();
        this.boilerplate = dropped;
    }

    /**
     * The index of the sets {@code names} names ({@link EvalSets#load}), built once per process for the same names,
     * settings and files (a file that changed on disk is read again): the filter, a replay and the tools each ask
     * for it, and building it takes about half a second.
     */
    public static ContaminationIndex of(List<String> names, Settings settings) {
        StringBuilder key = new StringBuilder(settings.toString());
        for (String name : names) {
            key.append('|').append(name.trim());
            if (EvalSets.isPath(name.trim())) {
                Path path = Path.of(name.trim());
                try {
                    key.append('@').append(Files.size(path)).append('@').append(Files.getLastModifiedTime(path));
                } catch (IOException e) {
                    // EvalSets.load names the file and why it cannot be read
                    return new ContaminationIndex(EvalSets.load(names), settings);
                }
            }
        }
        ContaminationIndex built = BUILT.get(key.toString());
        if (built == null) {
            built = new ContaminationIndex(EvalSets.load(names), settings);
            if (BUILT.size() >= 8) {
                BUILT.clear();
            }
            BUILT.put(key.toString(), built);
        }
        return built;
    }

    public Settings settings() {
        return settings;
    }

    /** The sets it holds, in the order they were named. */
    public List<EvalSet> sets() {
        return sets;
    }

    /** The sets' names and fingerprints ({@code gsm8k:1a2b3c4d5e6f,...}): what the configuration version reads. */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        for (EvalSet set : sets) {
            text.append(text.length() == 0 ? "" : ",").append(set.name()).append(':').append(set.fingerprint());
        }
        return text.toString();
    }

    /** What each set gave, in the order the sets were named. */
    public List<SetSummary> summaries() {
        return summaries;
    }

    /** The distinct n-grams and short texts held. */
    public int size() {
        return ngrams.size() + shortTexts.size();
    }

    /** The n-grams and short texts left out as boilerplate (in more than {@code maxItems} items). */
    public int boilerplate() {
        return boilerplate;
    }

    /** The first eval item {@code text} quotes enough of, in the text's order; empty when it quotes none. */
    public Optional<Match> find(String text) {
        List<Match> found = matchers.get().scan(text, true);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every eval item {@code text} quotes enough of, once each, in the order the text reaches enough. */
    public List<Match> matches(String text) {
        return matchers.get().scan(text, false);
    }

    /** weak[i] = how many of tokens [0, i) are weak. */
    private static int[] weakSums(boolean[] weak) {
        int[] sums = new int[weak.length + 1];
        for (int i = 0; i < weak.length; i++) {
            sums[i + 1] = sums[i] + (weak[i] ? 1 : 0);
        }
        return sums;
    }

    /**
     * Whether a run of eval tokens says enough to be held: at most half of it numbers and single letters ("2 x 3 x 4
     * x 5", "if (a + b <= c) or (a + c <= b)"), which innocent text shares with eval items by the thousand.
     */
    private static boolean distinctive(int[] weakSums, int from, int length) {
        return 4 * (weakSums[from + length] - weakSums[from]) <= 3 * length;
    }

    /** prefix[i] = hash of tokens [0, i): a window's hash is then one multiply and one subtract. */
    private static long[] prefix(long[] hashes, int size, long[] reuse) {
        long[] prefix = reuse != null && reuse.length > size ? reuse : new long[size + 1];
        prefix[0] = 0;
        for (int i = 0; i < size; i++) {
            prefix[i + 1] = prefix[i] * BASE + hashes[i];
        }
        return prefix;
    }

    private long window(long[] prefix, int from, int length) {
        return prefix[from + length] - prefix[from] * powers[length];
    }

    /** One thread's scratch space: the text's tokens, and how much of it each eval text's shared runs cover. */
    private final class Matcher {

        private final TokenHashes tokens = new TokenHashes();
        private long[] prefix = new long[65];
        private int[] hitText = new int[8];
        private int[] hitFrom = new int[8];
        private int[] hitTo = new int[8];
        private int[] hitCovered = new int[8];
        private int hits;

        List<Match> scan(String text, boolean firstOnly) {
            tokens.read(text);
            int size = tokens.size();
            if (size < settings.minTokens()) {
                return List.of();
            }
            long[] hashes = tokens.view();
            prefix = prefix(hashes, size, prefix);
            hits = 0;
            int n = settings.ngram();
            List<Match> found = new ArrayList<>();
            // only listing every item needs to know which were reported; the first match ends a find
            Set<String> reported = firstOnly ? null : new HashSet<>();
            for (int at = 0; at + settings.minTokens() <= size; at++) {
                if (at + n <= size) {
                    long value = ngrams.getOrDefault(window(prefix, at, n), -1L);
                    if (value >= 0) {
                        int from = (int) (value >>> 16);
                        int count = (int) (value & 0xffff);
                        for (int p = from; p < from + count; p++) {
                            int index = (int) (postings[p] >>> 32);
                            if (confirm(hashes, at, index, (int) postings[p], n)
                                    && cover(found, reported, text, hashes, index, at, (int) postings[p], n)
                                    && firstOnly) {
                                return found;
                            }
                        }
                    }
                }
                for (int length : shortLengths) {
                    if (at + length > size) {
                        break;
                    }
                    long place = shortTexts.getOrDefault(window(prefix, at, length), -1L);
                    if (place >= 0) {
                        int index = (int) (place >>> 32);
                        if (textTokens[index].length == length && confirm(hashes, at, index, 0, length)
                                && cover(found, reported, text, hashes, index, at, 0, length) && firstOnly) {
                            return found;
                        }
                    }
                }
            }
            return found;
        }

        private boolean confirm(long[] hashes, int at, int index, int position, int length) {
            long[] eval = textTokens[index];
            if (position + length > eval.length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (hashes[at + i] != eval[position + i]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Adds the text's tokens [from, from + length), shared with eval text {@code index} at {@code position}, to
         * what that eval text covers; true when it now covers enough, which is then reported (once per item), its
         * span running on as far as the text goes on quoting.
         */
        private boolean cover(List<Match> found, Set<String> reported, String text, long[] hashes, int index,
                int from, int position, int length) {
            int to = from + length;
            int hit = 0;
            while (hit < hits && hitText[hit] != index) {
                hit++;
            }
            if (hit == hits) {
                if (hits == hitText.length) {
                    hitText = Arrays.copyOf(hitText, hits * 2);
                    hitFrom = Arrays.copyOf(hitFrom, hits * 2);
                    hitTo = Arrays.copyOf(hitTo, hits * 2);
                    hitCovered = Arrays.copyOf(hitCovered, hits * 2);
                }
                hitText[hit] = index;
                hitFrom[hit] = from;
                hitTo[hit] = from;
                hitCovered[hit] = 0;
                hits++;
            }
            // runs arrive in order of their start, so what is new is what lies beyond the last run's end
            hitCovered[hit] += to - Math.max(from, hitTo[hit]);
            hitTo[hit] = Math.max(hitTo[hit], to);
            int needed = Math.min(settings.span(), textTokens[index].length);
            if (hitCovered[hit] < needed
                    || reported != null && !reported.add(textSet[index] + '\u0000' + textItem[index])) {
                return false;
            }
            long[] eval = textTokens[index];
            int end = to;
            while (end < tokens.size() && position + end - from < eval.length
                    && hashes[end] == eval[position + end - from]) {
                end++;
            }
            String span = text.substring(tokens.start(hitFrom[hit]), tokens.end(end - 1));
            if (span.length() > SPAN_CHARS) {
                span = span.substring(0, SPAN_CHARS) + "...";
            }
            found.add(new Match(textSet[index], textItem[index], span, hitCovered[hit] + end - to));
            return true;
        }
    }
}
