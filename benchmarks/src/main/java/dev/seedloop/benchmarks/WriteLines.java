package dev.seedloop.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes synthetic instructions as an Alpaca-shaped JSONL file: {@code WriteLines COUNT FILE [KEEP] [SEED]}. */
public final class WriteLines {

    private WriteLines() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        double keep = args.length > 2 ? Double.parseDouble(args[2]) : 0.7;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        SyntheticInstructions lines = new SyntheticInstructions(seed, 0.1, keep);
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                out.write(json.createObjectNode().put("instruction", lines.next()).put("input", "")
                        .put("output", "An answer.").toString());
                out.newLine();
            }
        }
    }
}
