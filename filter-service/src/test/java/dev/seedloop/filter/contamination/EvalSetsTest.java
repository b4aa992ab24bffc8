package dev.seedloop.filter.contamination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedloop.runtime.config.ConfigException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalSetsTest {

    @TempDir
    Path directory;

    @Test
    void theShippedSetsLoadWithTheirIds() {
        List<EvalSet> sets = EvalSets.load(EvalSets.ALL_SHIPPED);

        assertThat(sets).extracting(EvalSet::name).containsExactly("gsm8k", "humaneval", "mt-bench", "vicuna-bench");
        assertThat(sets).extracting(set -> set.items().size()).containsExactly(1319, 164, 80, 80);
        // GSM8K has no id field: its items are numbered by line
        assertThat(sets.get(0).items().get(0).id()).isEqualTo("line 1");
        assertThat(sets.get(1).items().get(0).id()).isEqualTo("HumanEval/0");
        // every string at any depth is text (MT-Bench's turns are an array); the id is not
        assertThat(sets.get(2).items().get(0).texts()).hasSizeGreaterThanOrEqualTo(2)
                .noneMatch(text -> text.equals("81"));
        assertThat(sets.get(1).items().get(0).texts()).noneMatch(text -> text.equals("HumanEval/0"));
    }

    @Test
    void aFileOfOnesOwnIsNamedByItsPathAndGivesItsIdFields() throws IOException {
        Path file = directory.resolve("my_eval.jsonl");
        Files.writeString(file, "{\"key\": \"a\", \"prompt\": \"What is the capital city of the country of France?\"}\n"
                + "\n{\"question\": \"Name three primary colours used in painting and printing.\"}\n");

        EvalSet set = EvalSets.load(List.of(file.toString())).get(0);

        assertThat(set.name()).isEqualTo("my_eval");
        assertThat(set.items()).extracting(EvalSet.Item::id).containsExactly("a", "line 3");
    }

    @Test
    void anUnknownNameSaysWhatIsShippedAndHowToNameAFile() {
        assertThatThrownBy(() -> EvalSets.load(List.of("gsm9k"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown eval set 'gsm9k'").hasMessageContaining("gsm8k, humaneval")
                .hasMessageContaining("by its path");
    }

    @Test
    void aSetNamedTwiceIsRefused() {
        assertThatThrownBy(() -> EvalSets.load(List.of("gsm8k", "mt-bench", "gsm8k")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gsm8k is named twice");
    }

    @Test
    void noSetAtAllIsRefused() {
        assertThatThrownBy(() -> EvalSets.load(List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no eval set named");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("nope.jsonl");

        assertThatThrownBy(() -> EvalSets.load(List.of(missing.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path empty = Files.writeString(directory.resolve("empty.jsonl"), "\n\n");

        assertThatThrownBy(() -> EvalSets.load(List.of(empty.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aLineThatIsNotAJsonObjectIsNamedByNumber() throws IOException {
        Path csv = Files.writeString(directory.resolve("eval.jsonl"), "{\"q\": \"fine line of text here\"}\n"
                + "question,answer\n");
        Path array = Files.writeString(directory.resolve("array.jsonl"), "[\"a\", \"b\"]\n");

        assertThatThrownBy(() -> EvalSets.load(List.of(csv.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2").hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> EvalSets.load(List.of(array.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1").hasMessageContaining("not a JSON object");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path huge = directory.resolve("huge.jsonl");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(EvalSets.MAX_BYTES + 1);
        }

        assertThatThrownBy(() -> EvalSets.load(List.of(huge.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("32 MiB").hasMessageContaining(huge.toString());
    }

    @Test
    void invalidUtf8IsNotAnUnreadableCrash() throws IOException {
        Path binary = directory.resolve("binary.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, '\n'});

        assertThatThrownBy(() -> EvalSets.load(List.of(binary.toString()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1").hasMessageContaining("is not JSON");
    }
}
