package dev.seedloop.tools.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedloop.filter.offline.FileFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A dataset file's instructions as {@code seedloop filter-file} judges them, read by the readers {@code seedloop
 * ingest} uses: a record's instruction, or why it holds none.
 */
public final class InstructionRecords {

    private InstructionRecords() {
    }

    /**
     * Records of any layout with an instruction field (Alpaca, Dolly, Self-Instruct seed tasks; WizardLM's
     * {@code Instruction}), in JSON lines or one JSON array.
     */
    public static FileFilter.Records anyLayout(Path file) {
        return each -> RecordReader.read(file, item -> {
            if (item instanceof RecordReader.Good good) {
                each.accept(instruction(good));
            } else if (item instanceof RecordReader.Bad bad) {
                each.accept(new FileFilter.Malformed(bad.line(), bad.reason()));
            }
        });
    }

    /**
     * The records of {@code format}: one per example (a conversation gives one per answered turn, each under the
     * record's line); records the format leaves out by design go to {@code skipped} with their reason.
     * Reading throws {@link Ingest.WrongFormatException} when the first records are not of the format at all.
     */
    public static FileFilter.Records of(Path file, IngestFormat format, Consumer<String> skipped) {
        return each -> {
            long[] position = {0};
            FormatProbe probe = new FormatProbe(file, format);
            format.read(file, item -> {
                if (item instanceof RecordReader.Skipped skip) {
                    skipped.accept(skip.reason());
                } else if (item instanceof RecordReader.Bad bad) {
                    probe.unreadable(bad.line(), bad.reason());
                    each.accept(new FileFilter.Malformed(bad.line(), bad.reason()));
                } else if (item instanceof RecordReader.Good good) {
                    List<IngestFormat.Parsed> examples;
                    try {
                        examples = format.parse(good.record(), position[0]);
                        position[0]++;
                    } catch (SkippedRecordException e) {
                        skipped.accept(e.getMessage());
                        return;
                    } catch (BadRecordException e) {
                        probe.unreadable(good.line(), e.getMessage());
                        each.accept(new FileFilter.Malformed(good.line(), e.getMessage()));
                        return;
                    }
                    probe.readable();
                    for (IngestFormat.Parsed parsed : examples) {
                        List<String> others = new ArrayList<>();
                        parsed.conversation().forEach(turn -> others.add(turn.getContent()));
                        parsed.instances().forEach(instance -> {
                            others.add(instance.getInput());
                            others.add(instance.getOutput());
                        });
                        each.accept(new FileFilter.Instruction(good.line(), parsed.instruction(), others));
                    }
                }
            });
        };
    }

    private static FileFilter.Record instruction(RecordReader.Good good) {
        JsonNode instruction = good.record().get("instruction");
        if (instruction == null) {
            for (Map.Entry<String, JsonNode> field : good.record().properties()) {
                if (field.getKey().equalsIgnoreCase("instruction")) {
                    instruction = field.getValue();
                    break;
                }
            }
        }
        if (instruction == null) {
            return new FileFilter.Malformed(good.line(), "no 'instruction' field");
        }
        if (!instruction.isTextual()) {
            return new FileFilter.Malformed(good.line(), "'instruction' is "
                    + instruction.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a string");
        }
        List<String> others = new ArrayList<>();
        JsonNode found = instruction;
        good.record().properties().forEach(field -> {
            if (field.getValue() != found) {
                strings(field.getValue(), others);
            }
        });
        return new FileFilter.Instruction(good.line(), instruction.asText(), others);
    }

    /** Every string in {@code node}, at any depth: a record's other texts, whatever its layout names them. */
    private static void strings(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isContainerNode()) {
            node.elements().forEachRemaining(child -> strings(child, texts));
        }
    }
}
