package dev.seedloop.filter.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import dev.seedloop.runtime.config.ConfigKey;
import dev.seedloop.runtime.config.ConfigSource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void everyRuleClassOfTheFilterIsRegistered() throws IOException, URISyntaxException {
        // Given every class named *Rule in the rule packages of the filter
        Path classes = Path.of(Rules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> shipped;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/seedloop/filter"))) {
            shipped = files.map(file -> classes.relativize(file).toString())
                    .filter(name -> name.endsWith("Rule.class") && !name.contains("$"))
                    .map(name -> name.replace('/', '.').replace(".class", ""))
                    .filter(name -> !name.equals(Rule.class.getName()))
                    .sorted().toList();
        }

        // Then the registry holds each of them, and nothing else
        assertThat(shipped).hasSizeGreaterThanOrEqualTo(18);
        assertThat(Rules.all()).extracting(rule -> rule.getClass().getName()).containsExactlyInAnyOrderElementsOf(shipped);
    }

    @Test
    void instructionRulesComeFirstEachStageInRuleOrder() {
        List<Rule> all = Rules.all();

        for (int i = 1; i < all.size(); i++) {
            Rule before = all.get(i - 1);
            Rule after = all.get(i);
            assertThat(before.stage().compareTo(after.stage()) < 0
                    || before.stage() == after.stage() && before.order() <= after.order())
                    .as("%s before %s", before.name(), after.name()).isTrue();
        }
        assertThat(Rules.of(RuleStage.INSTRUCTION)).extracting(Rule::name).startsWith("max-length")
                .endsWith("exact-duplicate", "near-duplicate", "semantic-duplicate");
    }

    @Test
    void everyKeyIsOwnedByOneRuleAndDocumented() {
        List<ConfigKey<?>> keys = Rules.keys();

        assertThat(keys).extracting(ConfigKey::name).doesNotHaveDuplicates();
        assertThat(keys).allSatisfy(key -> assertThat(key.doc()).isNotBlank());
        assertThat(keys).extracting(ConfigKey::name).contains("filter.preset", "filter.word-count.enabled",
                "filter.word-count.min-words", "filter.low-quality.min-score");
    }

    @Test
    void everyRuleBuildsItsCheckUnderEveryPreset() {
        for (String preset : Rules.PRESETS) {
            ConfigSource source = ConfigSource.ofValues(Map.of("filter.preset", preset));
            for (Rule rule : Rules.all()) {
                Check check = rule.check(Rules.settings(rule, source));

                assertThat(check).as("%s under %s", rule.name(), preset).isNotNull();
                assertThat(check instanceof ResponseCheck).isEqualTo(rule.stage() == RuleStage.RESPONSE);
            }
        }
    }

    @Test
    void presetsChangeWhatTheyNameAndAnExplicitKeyWins() {
        Rule nonAscii = Rules.named("non-ascii-start").orElseThrow();

        assertThat(Rules.enabled(nonAscii, ConfigSource.ofValues(Map.of()))).isFalse();
        assertThat(Rules.enabled(nonAscii, ConfigSource.ofValues(Map.of("filter.preset", "self-instruct")))).isTrue();
        assertThat(Rules.enabled(nonAscii, ConfigSource.ofValues(Map.of("filter.preset", "alpaca",
                "filter.non-ascii-start.enabled", "false")))).isFalse();
    }

    @Test
    void theDescriptionChangesWithARulesLogicNotOnlyItsSettings() {
        // Given two builds of the same rule with the same settings, whose logic differs
        ConfigSource source = ConfigSource.ofValues(Map.of());
        String before = Rules.describe(Rules.ordered(List.of(new TestRule("test-rule", 1))), source);
        String after = Rules.describe(Rules.ordered(List.of(new TestRule("test-rule", 2))), source);

        // Then the description, and so the configuration version, differs
        assertThat(before).isEqualTo("test-rule@1,limit=3;");
        assertThat(after).isNotEqualTo(before);
        assertThat(Rules.describe(Rules.ordered(List.of(new TestRule("test-rule", 1))),
                ConfigSource.ofValues(Map.of("filter.test-rule.limit", "4")))).isNotEqualTo(before);
    }

    @Test
    void aMisdeclaredRuleIsRefusedWhenTheRegistryLoads() {
        assertThatThrownBy(() -> Rules.ordered(List.of(new TestRule("twice", 1), new TestRule("twice", 1))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("two filter rules are named twice");
        assertThatThrownBy(() -> Rules.ordered(List.of(new TestRule("Bad Name", 1))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not lower-case words");
        assertThatThrownBy(() -> Rules.ordered(List.of(new TestRule("other", 1, "test-rule", Map.of()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a setting outside filter.other.*");
        assertThatThrownBy(() -> Rules.ordered(List.of(new TestRule("test-rule", 1, Map.of("strict",
                Map.of("filter.test-rule.limit", "1"))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown preset strict");
        assertThatThrownBy(() -> Rules.ordered(List.of(new TestRule("test-rule", 1, Map.of("alpaca",
                Map.of("filter.word-count.min-words", "1"))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not one of its keys");
    }

    /** A rule with one setting, {@code filter.<owner>.limit}. */
    private record TestRule(String name, int logicVersion, String owner, Map<String, Map<String, String>> presets)
            implements Rule {

        TestRule(String name, int logicVersion) {
            this(name, logicVersion, name.replace(' ', '-').toLowerCase(Locale.ROOT), Map.of());
        }

        TestRule(String name, int logicVersion, Map<String, Map<String, String>> presets) {
            this(name, logicVersion, name, presets);
        }

        @Override
        public RuleStage stage() {
            return RuleStage.INSTRUCTION;
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public String description() {
            return "a rule for tests";
        }

        @Override
        public List<ConfigKey<?>> settings() {
            return List.of(limit());
        }

        private ConfigKey<Integer> limit() {
            return ConfigKey.integer("filter." + owner + ".limit", 3, 0, 10, "A limit.");
        }

        @Override
        public InstructionCheck check(RuleSettings settings) {
            int limit = settings.get(limit());
            return instruction -> instruction.length() > limit ? Optional.of(Violation.of(name, "long"))
                    : Optional.empty();
        }
    }
}
