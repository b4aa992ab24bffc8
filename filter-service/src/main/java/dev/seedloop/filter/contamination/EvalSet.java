package dev.seedloop.filter.contamination;

import java.util.List;

/**
 * An evaluation set that instruction data must not leak: its name (a shipped set's, or a file's name without
 * {@code .jsonl}), where it was read from, a fingerprint of its bytes (the first 12 hex digits of their SHA-256: a
 * changed file changes the filter's configuration version), and its items.
 */
public record EvalSet(String name, String origin, String fingerprint, List<Item> items) {

    public EvalSet {
        items = List.copyOf(items);
    }

    /** A set made in memory, with no file to take a fingerprint of. */
    public EvalSet(String name, String origin, List<Item> items) {
        this(name, origin, "", items);
    }

    /**
     * One record of the set: its id (its {@code id}, {@code task_id}, {@code question_id} or {@code key} field, else
     * its line number) and every string value it holds, at any depth, the id aside.
     */
    public record Item(String id, List<String> texts) {

        public Item {
            texts = List.copyOf(texts);
        }
    }
}
