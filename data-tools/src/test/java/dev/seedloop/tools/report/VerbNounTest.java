package dev.seedloop.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.SharedData;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerbNounTest {

    private final VerbNoun verbNoun = new VerbNoun();

    @Test
    void theOpeningImperativeIsTheVerbEvenWhereTheTaggerWouldTakeItForAnAdjectiveOrANoun() {
        assertThat(verbNoun.of("Soften the tone of the following instruction so it reads politely."))
                .contains(new VerbNoun.Pair("soften", "tone"));
        assertThat(verbNoun.of("Format the following list as a table.")).contains(new VerbNoun.Pair("format", "list"));
        assertThat(verbNoun.of("Name five plants that are native to North America."))
                .contains(new VerbNoun.Pair("name", "plants"));
        assertThat(verbNoun.of("List three tips to save money.")).contains(new VerbNoun.Pair("list", "tips"));
    }

    @Test
    void aParticipleBeforeTheObjectJoinedVerbsAndAnOpeningClauseAreSeenThrough() {
        assertThat(verbNoun.of("Label the following animal as either an invertebrate or a vertebrate"))
                .contains(new VerbNoun.Pair("label", "animal"));
        assertThat(verbNoun.of("Compare and contrast a relational database and a non-relational database."))
                .contains(new VerbNoun.Pair("compare", "database"));
        assertThat(verbNoun.of("Given the following disease, list three common symptoms."))
                .contains(new VerbNoun.Pair("list", "symptoms"));
        assertThat(verbNoun.of("Based on the following data, predict the closing price of a stock tomorrow."))
                .contains(new VerbNoun.Pair("predict", "price"));
    }

    @Test
    void anInstructionWithoutAVerbAndAnObjectHasNoPair() {
        assertThat(verbNoun.of("")).isEmpty();
        assertThat(verbNoun.of("   \n ")).isEmpty();
        assertThat(verbNoun.of("Hello.")).isEmpty();
        assertThat(verbNoun.of(", , ,")).isEmpty();
        assertThat(verbNoun.of("\uD800\u0000 \uFFFD\uFFFD")).isEmpty();
        // only the clause after the first comma is tried again, however many there are, and a sentence of 100,000
        // words is read as far as its opening needs
        assertThat(verbNoun.of("Given the list, ".repeat(30_000) + "list three tips."))
                .contains(new VerbNoun.Pair("given", "list"));
        assertThat(verbNoun.of("Write " + "a very ".repeat(50_000) + "short poem.")).isEmpty();
    }

    @Test
    void mostAlpacaInstructionsGetAPair() {
        List<String> instructions = SharedData.field("alpaca_5000.jsonl", "instruction");
        long paired = instructions.stream().map(verbNoun::of).filter(Optional::isPresent).count();
        assertThat(paired).isGreaterThan(instructions.size() * 88L / 100);
    }
}
