package dev.seedloop.filter;

import dev.seedloop.filter.output.InstanceRule;
import dev.seedloop.filter.output.OutputRules;
import dev.seedloop.filter.rules.FirstCharacterRule;
import dev.seedloop.filter.rules.InstructionRule;
import dev.seedloop.filter.rules.KeywordBlacklistRule;
import dev.seedloop.filter.rules.MaxLengthRule;
import dev.seedloop.filter.rules.PrefixRule;
import dev.seedloop.filter.rules.WordCountRule;
import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import dev.seedloop.runtime.config.HttpSettings;
import dev.seedloop.runtime.config.KafkaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Typed configuration of filter-service: Kafka, the Streams application, and every rule with its settings. */
public record FilterConfig(
        KafkaSettings kafka,
        HttpSettings http,
        String applicationId,
        Path stateDir,
        int standbyReplicas,
        FilterRules rules,
        double scoreFloor) {

    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.required("filter.application-id",
            "seedloop-filter", "Kafka Streams application id: consumer group and internal topic prefix.");
    public static final ConfigKey<Path> STATE_DIR = ConfigKey.path("filter.state-dir",
            System.getProperty("java.io.tmpdir") + "/seedloop/filter-state",
            "Directory of the RocksDB state stores (a persistent volume in Kubernetes).");
    public static final ConfigKey<Integer> STANDBY_REPLICAS = ConfigKey.integer("filter.standby-replicas", 0, 0, 10,
            "Warm copies of the judge's store on other instances, for fail-over within seconds (one instance judges).");
    public static final ConfigKey<Optional<String>> CONFIG_VERSION = ConfigKey.optional("filter.config-version",
            "Version recorded in every verdict; empty derives one from the rules and their settings.");

    public static final ConfigKey<Preset> PRESET = ConfigKey.enumeration("filter.preset", Preset.DEFAULT,
            Preset.class, "Rule set: default, self-instruct or alpaca; keys set explicitly override it.");
    public static final ConfigKey<Boolean> MAX_LENGTH = ConfigKey.bool("filter.max-length.enabled", true,
            "Rule max-length: reject instructions longer than max-chars characters.");
    public static final ConfigKey<Integer> MAX_LENGTH_CHARS = ConfigKey.integer("filter.max-length.max-chars",
            2000, 1, 10_000_000, "Longest instruction accepted, in characters.");
    public static final ConfigKey<Boolean> WORD_COUNT = ConfigKey.bool("filter.word-count.enabled", true,
            "Rule word-count: reject instructions with too few or too many whitespace-separated words.");
    public static final ConfigKey<Integer> WORD_COUNT_MIN = ConfigKey.integer("filter.word-count.min-words", 4, 0,
            1_000_000, "Fewest words accepted (Self-Instruct rejects 3 or fewer).");
    public static final ConfigKey<Integer> WORD_COUNT_MAX = ConfigKey.integer("filter.word-count.max-words", 150,
            1, 1_000_000, "Most words accepted (Self-Instruct: 150).");
    public static final ConfigKey<WordCountRule.Counting> WORD_COUNTING = ConfigKey.enumeration(
            "filter.word-count.counting", WordCountRule.Counting.SCRIPT_AWARE, WordCountRule.Counting.class,
            "whitespace (Python's split, as Self-Instruct) or script-aware (each Han/kana/Thai character is a word).");
    public static final ConfigKey<Boolean> KEYWORD_BLACKLIST = ConfigKey.bool("filter.keyword-blacklist.enabled",
            true, "Rule keyword-blacklist: reject instructions naming things a text model cannot handle.");
    public static final ConfigKey<List<String>> KEYWORDS = ConfigKey.list("filter.keyword-blacklist.keywords",
            String.join(",", KeywordBlacklistRule.SELF_INSTRUCT_KEYWORDS),
            "Whole words (case-insensitive) that reject an instruction, comma-separated.");
    public static final ConfigKey<Boolean> WRITE_A_PROGRAM = ConfigKey.bool("filter.write-a-program.enabled", true,
            "Rule write-a-program: reject instructions starting with 'Write a program'.");
    public static final ConfigKey<Boolean> PUNCTUATION_START = ConfigKey.bool("filter.punctuation-start.enabled",
            true, "Rule punctuation-start: reject instructions starting with ASCII punctuation.");
    public static final ConfigKey<Boolean> NON_ASCII_START = ConfigKey.bool("filter.non-ascii-start.enabled", false,
            "Rule non-ascii-start: reject instructions starting with a non-ASCII character (rejects all non-English text).");
    public static final ConfigKey<Boolean> EXACT_DUPLICATE = ConfigKey.bool("filter.exact-duplicate.enabled", true,
            "Rule exact-duplicate: reject instructions whose normalised text is already in the pool.");
    public static final ConfigKey<Boolean> NEAR_DUPLICATE = ConfigKey.bool("filter.near-duplicate.enabled", true,
            "Rule near-duplicate: reject instructions whose ROUGE-L F against any pool instruction exceeds the threshold.");
    public static final ConfigKey<Double> NEAR_DUPLICATE_THRESHOLD = ConfigKey.decimal(
            "filter.near-duplicate.threshold", 0.7, 0.0, 1.0,
            "Highest ROUGE-L F-measure allowed; strictly greater is a near-duplicate (Self-Instruct: 0.7).");
    public static final ConfigKey<Optional<String>> SCORE_FLOOR = ConfigKey.optional(
            "filter.near-duplicate.score-floor",
            "Accepted instructions report their exact highest ROUGE-L when it is above this (empty: the threshold); lower costs speed.");
    public static final ConfigKey<Boolean> OUTPUT_EQUALS_INPUT = ConfigKey.bool(
            "filter.output-equals-input.enabled", true, "Instance rule output-equals-input.");
    public static final ConfigKey<Boolean> EMPTY_OUTPUT = ConfigKey.bool("filter.empty-output.enabled", true,
            "Instance rule empty-output.");
    public static final ConfigKey<Boolean> ENDS_WITH_COLON = ConfigKey.bool("filter.ends-with-colon.enabled", true,
            "Instance rule ends-with-colon: input or output ending with ':' is usually cut off.");

    public static final ConfigKey<Boolean> TRUNCATED = ConfigKey.bool("filter.truncated.enabled", true,
            "Response rule truncated: drop the last instance of an answer cut off by the token limit.");
    public static final ConfigKey<Boolean> CONFLICTING_OUTPUTS = ConfigKey.bool(
            "filter.conflicting-outputs.enabled", true,
            "Response rule conflicting-outputs: the same non-empty input with different outputs drops the whole task.");
    public static final ConfigKey<Boolean> DUPLICATE_INSTANCE = ConfigKey.bool("filter.duplicate-instance.enabled",
            true, "Response rule duplicate-instance: drop an instance identical to an earlier one.");
    public static final ConfigKey<Integer> MAX_INSTANCES = ConfigKey.integer("filter.max-instances", 5, 0, 1000,
            "Response rule max-instances: keep the first n instances (Self-Instruct: 5); 0 keeps all.");
    public static final ConfigKey<Boolean> APOLOGETIC_RESPONSE = ConfigKey.bool(
            "filter.apologetic-response.enabled", true,
            "Evol-Instruct rule apologetic-response: an evolved instruction's response that says sorry in under 80 words.");
    public static final ConfigKey<Boolean> STOPWORDS_ONLY = ConfigKey.bool("filter.stopwords-only.enabled", true,
            "Evol-Instruct rule stopwords-only: an evolved instruction's response of only punctuation and stop words.");
    public static final ConfigKey<Optional<String>> QUALITY_MIN_SCORE = ConfigKey.optional("filter.quality.min-score",
            "Response rule low-quality: reject examples the quality judge rated below this (0-5; AlpaGasus: 4.5); empty: off.");

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(KafkaSettings.keys());
        keys.addAll(HttpSettings.keys());
        keys.addAll(List.of(APPLICATION_ID, STATE_DIR, STANDBY_REPLICAS));
        keys.addAll(ruleKeys());
        return keys;
    }


    /** The keys of the rules alone: what an offline run of the filter reads. */
    public static List<ConfigKey<?>> ruleKeys() {
        return List.of(PRESET, CONFIG_VERSION, MAX_LENGTH, MAX_LENGTH_CHARS, WORD_COUNT, WORD_COUNT_MIN,
                WORD_COUNT_MAX, WORD_COUNTING, KEYWORD_BLACKLIST, KEYWORDS, WRITE_A_PROGRAM, PUNCTUATION_START,
                NON_ASCII_START, EXACT_DUPLICATE, NEAR_DUPLICATE, NEAR_DUPLICATE_THRESHOLD, SCORE_FLOOR,
                OUTPUT_EQUALS_INPUT, EMPTY_OUTPUT, ENDS_WITH_COLON, TRUNCATED, CONFLICTING_OUTPUTS, DUPLICATE_INSTANCE,
                MAX_INSTANCES, APOLOGETIC_RESPONSE, STOPWORDS_ONLY, QUALITY_MIN_SCORE);
    }

    /** The score floor from {@code source}: the threshold unless set, never above it. */
    public static double scoreFloor(ConfigSource source, FilterRules rules) {
        double threshold = rules.nearDuplicateThreshold().orElse(1.0);
        Optional<String> raw = source.get(SCORE_FLOOR);
        if (raw.isEmpty()) {
            return threshold;
        }
        double floor;
        try {
            floor = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for filter.near-duplicate.score-floor: '" + raw.get()
                    + "' is not a number");
        }
        if (!(floor >= 0.0 && floor <= threshold)) {
            throw new ConfigException("filter.near-duplicate.score-floor must be between 0 and the threshold ("
                    + threshold + "), got " + floor);
        }
        return floor;
    }

    public static FilterConfig from(ConfigSource source) {
        source.rejectUnknown(keys());
        FilterRules rules = rules(source);
        return new FilterConfig(KafkaSettings.from(source), HttpSettings.from(source), source.get(APPLICATION_ID),
                source.get(STATE_DIR), source.get(STANDBY_REPLICAS), rules, scoreFloor(source, rules));
    }

    /** The rules alone, from {@code source}: also what an offline run of the filter uses. */
    public static FilterRules rules(ConfigSource source) {
        Preset preset = source.get(PRESET);
        Settings settings = new Settings(source, preset);
        return rules(settings);
    }

    private static FilterRules rules(Settings source) {
        List<InstructionRule> rules = new ArrayList<>();
        if (source.get(MAX_LENGTH)) {
            rules.add(new MaxLengthRule(source.get(MAX_LENGTH_CHARS)));
        }
        if (source.get(WORD_COUNT)) {
            int min = source.get(WORD_COUNT_MIN);
            int max = source.get(WORD_COUNT_MAX);
            if (max < min) {
                throw new ConfigException("filter.word-count.max-words (" + max
                        + ") must not be below filter.word-count.min-words (" + min + ")");
            }
            rules.add(new WordCountRule(min, max, source.get(WORD_COUNTING)));
        }
        if (source.get(KEYWORD_BLACKLIST)) {
            List<String> keywords = source.get(KEYWORDS);
            if (keywords.isEmpty()) {
                throw new ConfigException("filter.keyword-blacklist.keywords is empty while the rule is enabled");
            }
            rules.add(new KeywordBlacklistRule(keywords));
        }
        if (source.get(WRITE_A_PROGRAM)) {
            rules.add(PrefixRule.writeAProgram());
        }
        if (source.get(PUNCTUATION_START)) {
            rules.add(FirstCharacterRule.punctuation());
        }
        if (source.get(NON_ASCII_START)) {
            rules.add(FirstCharacterRule.nonAscii());
        }
        List<InstanceRule> instanceRules = new ArrayList<>();
        if (source.get(EMPTY_OUTPUT)) {
            instanceRules.add(InstanceRule.EMPTY_OUTPUT);
        }
        if (source.get(OUTPUT_EQUALS_INPUT)) {
            instanceRules.add(InstanceRule.OUTPUT_EQUALS_INPUT);
        }
        if (source.get(ENDS_WITH_COLON)) {
            instanceRules.add(InstanceRule.ENDS_WITH_COLON);
        }
        OptionalDouble threshold = source.get(NEAR_DUPLICATE)
                ? OptionalDouble.of(source.get(NEAR_DUPLICATE_THRESHOLD))
                : OptionalDouble.empty();
        OutputRules outputRules = new OutputRules(source.get(TRUNCATED), source.get(CONFLICTING_OUTPUTS),
                source.get(DUPLICATE_INSTANCE), source.get(MAX_INSTANCES), source.get(APOLOGETIC_RESPONSE),
                source.get(STOPWORDS_ONLY), minQuality(source.get(QUALITY_MIN_SCORE)));
        return new FilterRules(rules, source.get(EXACT_DUPLICATE), threshold, instanceRules, outputRules,
                source.get(CONFIG_VERSION));
    }

    private static OptionalDouble minQuality(Optional<String> raw) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(raw.get().strip());
            if (!(value >= 0 && value <= 5)) {
                throw new ConfigException("filter.quality.min-score must be between 0 and 5, got " + value);
            }
            return OptionalDouble.of(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for filter.quality.min-score: '" + raw.get()
                    + "' is not a number");
        }
    }

    /** Values from the source where set, from the preset where it has one, else the key's default. */
    private record Settings(ConfigSource source, Preset preset) {

        <T> T get(ConfigKey<T> key) {
            String presetValue = preset.defaultFor(key.name());
            if (presetValue != null && "default".equals(source.originOf(key))) {
                return source.get(key.withDefault(presetValue));
            }
            return source.get(key);
        }
    }
}
