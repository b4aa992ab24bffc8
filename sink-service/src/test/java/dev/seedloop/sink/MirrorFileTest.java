package dev.seedloop.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedloop.schemas.avro.PoolEntry;
import dev.seedloop.schemas.avro.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorFileTest {

    @TempDir
    Path directory;

    @Test
    void newMachineEntriesAreAppendedOnceAndHumanEntriesNeverAppear() throws Exception {
        // Given
        Path path = directory.resolve("examples.jsonl");
        MirrorFile file = new MirrorFile(path);
        PoolEntry rivers = entry("Name three rivers in Africa.", "The Nile, the Congo, the Niger.");

        // When an entry is written twice (a replayed record), and a seed task passes by
        file.apply(rivers.getId(), rivers);
        file.apply(rivers.getId(), rivers);
        PoolEntry seed = entry("Write a haiku.", "...");
        seed.setSource(Source.HUMAN_SEED);
        file.apply(seed.getId(), seed);
        file.write();

        // Then the file holds the machine entry once
        assertThat(Files.readAllLines(path, StandardCharsets.UTF_8)).containsExactly(MirrorFile.line(rivers));
    }

    @Test
    void aTombstoneOrAChangedEntryRewritesTheFileToWhatThePoolHolds() throws Exception {
        // Given a file mirroring three entries
        Path path = directory.resolve("examples.jsonl");
        MirrorFile file = new MirrorFile(path);
        PoolEntry a = entry("Name three rivers in Africa.", "The Nile, the Congo, the Niger.");
        PoolEntry b = entry("Name three lakes in Africa.", "Victoria, Tanganyika, Malawi.");
        PoolEntry c = entry("Name three deserts in Africa.", "Sahara, Kalahari, Namib.");
        List.of(a, b, c).forEach(entry -> file.apply(entry.getId(), entry));
        file.write();

        // When a promotion deletes one and rewrites another with other instances
        file.apply(b.getId(), null);
        PoolEntry changed = entry("Name three rivers in Africa.", "The Nile, the Congo, the Zambezi.");
        file.apply(changed.getId(), changed);
        file.write();

        // Then the file holds exactly the pool's entries, in joining order
        assertThat(Files.readAllLines(path, StandardCharsets.UTF_8))
                .containsExactly(MirrorFile.line(changed), MirrorFile.line(c));
    }

    @Test
    void aFileFromAnEarlierRunIsReconciledWithThePool() throws Exception {
        // Given a file an earlier run left, holding an entry the pool has since lost and missing a new one
        Path path = directory.resolve("examples.jsonl");
        PoolEntry kept = entry("Name three rivers in Africa.", "The Nile, the Congo, the Niger.");
        PoolEntry removed = entry("Name three lakes in Africa.", "Victoria, Tanganyika, Malawi.");
        PoolEntry added = entry("Name three deserts in Africa.", "Sahara, Kalahari, Namib.");
        Files.write(path, List.of(MirrorFile.line(kept), MirrorFile.line(removed)), StandardCharsets.UTF_8);

        // When the pool is read again from its beginning and the file reconciled
        MirrorFile file = new MirrorFile(path);
        file.apply(kept.getId(), kept);
        file.apply(removed.getId(), removed);
        file.apply(removed.getId(), null);
        file.apply(added.getId(), added);
        file.reconcile();

        // Then the file says what the pool says
        assertThat(Files.readAllLines(path, StandardCharsets.UTF_8))
                .containsExactly(MirrorFile.line(kept), MirrorFile.line(added));
    }

    private static PoolEntry entry(String instruction, String output) {
        return SinkTopology.toPoolEntry(SinkTopologyTest.example(instruction, output), Instant.EPOCH);
    }
}
