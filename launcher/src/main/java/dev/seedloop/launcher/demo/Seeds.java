package dev.seedloop.launcher.demo;

import java.nio.file.Path;

/** What an empty pool starts with ({@code demo --seeds}): Self-Instruct's bundled seed tasks, nothing, or a file. */
public sealed interface Seeds {

    /** The 175 human-written Self-Instruct seed tasks bundled with seedloop. */
    record SelfInstruct() implements Seeds {
    }

    /** Nothing: the pool holds what was ingested into it. */
    record None() implements Seeds {
    }

    /** Seed tasks in Self-Instruct's layout (instruction, instances, is_classification), one JSON object a line. */
    record File(Path path) implements Seeds {
    }

    /** {@code self-instruct}, {@code none}, or the path of a file. */
    public static Seeds parse(String value) {
        return switch (value) {
            case "self-instruct" -> new SelfInstruct();
            case "none" -> new None();
            default -> new File(Path.of(value));
        };
    }
}
