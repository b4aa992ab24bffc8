package dev.seedloop.filter.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.testkit.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The index must find exactly what a scan of the whole pool finds, above its floor. */
class NearDuplicateIndexTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3, 0.5, 0.7, 0.9})
    void agreesWithTheFullScanOnRandomTextsOverASmallVocabulary(double floor) {
        // Given texts drawn from 12 words, so that overlaps, repeats and ties are everywhere
        Random random = new Random(Double.hashCode(floor));
        NearDuplicateIndex index = new NearDuplicateIndex(floor);
        BruteForceScan scan = new BruteForceScan();

        for (int round = 0; round < 3000; round++) {
            String text = randomText(random, 12, 1 + random.nextInt(random.nextInt(10) == 0 ? 90 : 14));
            // When each text is judged, then added
            assertSame(index.best(text), scan.best(text), floor, text);
            index.add(text);
            scan.add(text);
        }
    }

    @Test
    void agreesWithTheFullScanWhenEntriesAreRemoved() {
        Random random = new Random(5);
        NearDuplicateIndex index = new NearDuplicateIndex(0.6);
        BruteForceScan scan = new BruteForceScan();
        for (int round = 0; round < 2000; round++) {
            String text = randomText(random, 20, 3 + random.nextInt(12));
            assertSame(index.best(text), scan.best(text), 0.6, text);
            int entry = index.add(text);
            scan.add(text);
            if (random.nextInt(4) == 0) {
                index.remove(entry);
                scan.remove(entry);
            }
        }
    }

    @Test
    void aBulkLoadFindsWhatOneByOneAddingFinds() {
        List<String> texts = SharedData.field("alpaca_5000.jsonl", "instruction");
        NearDuplicateIndex bulk = new NearDuplicateIndex(0.5);
        bulk.beginBulkLoad();
        texts.subList(0, 4000).forEach(bulk::add);
        bulk.endBulkLoad();
        BruteForceScan scan = new BruteForceScan();
        texts.subList(0, 4000).forEach(scan::add);

        for (String text : texts.subList(4000, 5000)) {
            assertSame(bulk.best(text), scan.best(text), 0.5, text);
        }
    }

    @Test
    void findsTiesAtExactlyTheThresholdThatRoundAboveIt() {
        NearDuplicateIndex index = new NearDuplicateIndex(0.7);
        index.add("kilo lima mike november oscar papa quebec romeo sierra");

        NearDuplicateIndex.Match match = index.best("kilo lima mike november oscar papa quebec one two three four");

        assertThat(match.found()).isTrue();
        assertThat(match.score()).isEqualTo(0.7000000000000001);
    }

    @Test
    void textsWithoutTokensAndTokensNeverSeenMatchNothing() {
        NearDuplicateIndex index = new NearDuplicateIndex(0.7);
        index.add("a b c d");

        assertThat(index.best("!!! ???").found()).isFalse();
        assertThat(index.best("zulu yankee xray").found()).isFalse();
        assertThat(new NearDuplicateIndex(0.7).best("a b c d").found()).isFalse();
    }

    @Test
    void longAndRepetitiveTextsAreStillFound() {
        NearDuplicateIndex index = new NearDuplicateIndex(0.7);
        String repetitive = "la ".repeat(400).strip();
        String longText = String.join(" ", java.util.Collections.nCopies(600, "word")) + " end";
        index.add(repetitive);
        index.add(longText);

        assertThat(index.best(repetitive).score()).isEqualTo(1.0);
        assertThat(index.best(longText + " more").found()).isTrue();
    }

    private static void assertSame(NearDuplicateIndex.Match fromIndex, NearDuplicateIndex.Match fromScan,
            double floor, String text) {
        boolean above = fromScan.score() > floor;
        assertThat(fromIndex.found()).as("found %s", text).isEqualTo(above);
        if (above) {
            assertThat(fromIndex.score()).as("score %s", text).isEqualTo(fromScan.score());
            assertThat(fromIndex.entry()).as("entry %s", text).isEqualTo(fromScan.entry());
        }
    }

    private static String randomText(Random random, int vocabulary, int length) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            words.add("w" + random.nextInt(vocabulary));
        }
        return String.join(" ", words);
    }
}
