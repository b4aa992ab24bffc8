package dev.seedloop.llm.simulated;

import dev.seedloop.llm.simulated.InstructionGrammar.Constraint;
import dev.seedloop.llm.simulated.InstructionGrammar.Instruction;
import dev.seedloop.llm.simulated.InstructionGrammar.Item;
import dev.seedloop.llm.simulated.InstructionGrammar.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes inputs and answers that fit an instruction the grammar wrote: a classification gets a label of its own label
 * set for an input of its bank; a rewrite, a summary or a translation gets the bank's answer for that input; a sum, a
 * sort, a conversion or an extraction is worked out; a list has as many points as it asks for; a word or sentence
 * limit is kept. The answers are well-formed, not wise: their substance is the subject's few points.
 */
final class AnswerWriter {

    /** One example of an instruction: its input (empty when it takes none) and its output. */
    record Instance(String input, String output) {
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern ENGLISH_DATE = Pattern.compile("(?:January|February|March|April|May|June|July"
            + "|August|September|October|November|December) \\d{1,2}");
    private static final Pattern KOREAN_DATE = Pattern.compile("\\d{1,2}월 \\d{1,2}일");
    private static final Pattern ENGLISH_PRICE = Pattern.compile("\\$\\d+(?:\\.\\d{2})?");
    private static final Pattern KOREAN_PRICE = Pattern.compile("\\d{1,3}(?:,\\d{3})*원");

    /** Inputs the writer makes itself instead of taking them from a bank. */
    static final List<String> MADE_INPUTS = InstructionGrammar.MADE_INPUTS;

    private AnswerWriter() {
    }

    /**
     * An input for the instruction {@code text} and its output: as {@link #instance(InstructionGrammar, Instruction,
     * Random)} for an instruction the grammar wrote, a general answer without input for any other.
     */
    static Instance instance(String text, Random random) {
        InstructionGrammar grammar = InstructionGrammar.of(text);
        return grammar.read(text).map(instruction -> instance(grammar, instruction, random))
                .orElseGet(() -> new Instance("", general(grammar.isKorean())));
    }

    /**
     * The answer to an instruction the grammar did not write (a seed, a human instruction, a rewording): well-formed
     * and about how to go about it, since the simulator cannot know what it asks.
     */
    static String general(boolean korean) {
        return korean ? "좋은 답은 세부 사항에 따라 달라지지만, 세 단계가 도움이 됩니다. 먼저 무엇을 묻는지 정확히 확인하세요. "
                + "다음으로 한 부분씩 차례로 해결하세요. 마지막으로 결과를 다시 검토하세요."
                : "A good answer depends on the details, but three steps help. First, make sure you know exactly "
                        + "what is being asked. Next, work through it one part at a time. Finally, check the result "
                        + "before you share it.";
    }

    /** An input for {@code instruction} (empty when it takes none) and the output that fits it. */
    static Instance instance(InstructionGrammar grammar, Instruction instruction, Random random) {
        String input = input(grammar, instruction, random);
        return new Instance(input, output(grammar, instruction, input, random));
    }

    /** One input of {@code instruction}'s bank with {@code label}, for a classification written output first. */
    static Optional<String> inputWithLabel(InstructionGrammar grammar, Instruction instruction, String label,
            Random random) {
        if ("which".equals(instruction.form().input())) {
            return instruction.subjects().stream().filter(subject -> subject.name().equals(label)).findFirst()
                    .map(subject -> TextPieces.capitalise(TextPieces.pick(subject.points(), random)) + ".");
        }
        if ("advice".equals(instruction.form().input())) {
            return Optional.of(advice(grammar, instruction, label.equals(instruction.form().labels().get(0)), random));
        }
        List<Item> items = bank(grammar, instruction).stream().filter(item -> label.equals(item.label())).toList();
        return items.isEmpty() ? Optional.empty() : Optional.of(TextPieces.pick(items, random).text());
    }

    static String input(InstructionGrammar grammar, Instruction instruction, Random random) {
        String bank = instruction.form().input();
        if (bank == null) {
            return "";
        }
        switch (bank) {
            case "words" -> {
                List<String> words = new ArrayList<>(grammar.definition().words());
                java.util.Collections.shuffle(words, random);
                return String.join(", ", words.subList(0, 5 + random.nextInt(2)));
            }
            case "advice" -> {
                return advice(grammar, instruction, random.nextBoolean(), random);
            }
            case "which" -> {
                Subject from = TextPieces.pick(instruction.subjects(), random);
                return TextPieces.capitalise(TextPieces.pick(from.points(), random)) + ".";
            }
            case "odd-step" -> {
                List<String> steps = new ArrayList<>(instruction.subjects().get(0).points().subList(0, 3));
                steps.add(TextPieces.pick(other(grammar, instruction.subjects().get(0), random).points(), random));
                java.util.Collections.shuffle(steps, random);
                return String.join("; ", steps);
            }
            case "notes" -> {
                return String.join("; ", instruction.subjects().get(0).points());
            }
            case "must" -> {
                String point = TextPieces.pick(instruction.subjects().get(0).points(), random);
                return grammar.isKorean() ? "반드시 " + point + "." : "You must " + point + ".";
            }
            case "celsius" -> {
                return (random.nextInt(51) - 10) + "°C";
            }
            case "word-problem" -> {
                Item problem = TextPieces.pick(grammar.inputs(bank), random);
                int b = 2 + random.nextInt(11);
                int a = switch (problem.op()) {
                    case "divide" -> b * (2 + random.nextInt(15));
                    case "subtract" -> b + 5 + random.nextInt(60);
                    default -> 3 + random.nextInt(40);
                };
                return problem.text().replace("{a}", Integer.toString(a)).replace("{b}", Integer.toString(b));
            }
            default -> {
                return TextPieces.pick(bank(grammar, instruction), random).text();
            }
        }
    }

    /** A subject of another group than {@code subject}'s. */
    private static Subject other(InstructionGrammar grammar, Subject subject, Random random) {
        return TextPieces.pick(grammar.subjects().stream().filter(other -> !other.group().equals(subject.group()))
                .toList(), random);
    }

    /** A point of the instruction's subject given as advice, or its opposite given as advice. */
    private static String advice(InstructionGrammar grammar, Instruction instruction, boolean good, Random random) {
        String point = TextPieces.pick(instruction.subjects().get(0).points(), random);
        if (grammar.isKorean()) {
            return good ? point + InstructionGrammar.particle(point, "이") + " 도움이 됩니다."
                    : point + InstructionGrammar.particle(point, "은") + " 굳이 할 필요가 없습니다.";
        }
        return good ? "It helps to " + point + "." : "There is no need to " + point + ".";
    }

    private static boolean goodAdvice(String input) {
        return input.startsWith("It helps to") || input.endsWith("도움이 됩니다.");
    }

    private static List<Item> bank(InstructionGrammar grammar, Instruction instruction) {
        List<Item> items = grammar.inputs(instruction.form().input());
        String domain = instruction.slots().get("domain");
        List<Item> ofDomain = domain == null ? items
                : items.stream().filter(item -> domain.equals(item.domain())).toList();
        return ofDomain.isEmpty() ? items : ofDomain;
    }

    /** The output for {@code instruction} given {@code input}. */
    static String output(InstructionGrammar grammar, Instruction instruction, String input, Random random) {
        boolean ko = grammar.isKorean();
        List<Subject> subjects = instruction.subjects();
        String answer = switch (instruction.form().answer()) {
            case "labelled" -> label(grammar, instruction, input, random);
            case "which-subject" -> which(grammar, instruction, input);
            case "odd-step" -> oddStep(grammar, instruction, input);
            case "notes-list" -> points(instruction, Arrays.stream(input.split(";\\s*"))
                    .map(note -> ko ? note : TextPieces.capitalise(note) + ".").toList());
            case "encourage" -> {
                String point = input.replaceFirst("^(You must |반드시 )", "").replaceFirst("\\.$", "");
                yield ko ? point + ", 조금씩 해 보면 분명 달라질 거예요." : "Try to " + point
                        + " when you can; small steps like this really pay off.";
            }
            case "given" -> given(grammar, instruction, input);
            case "solve" -> solve(grammar, input);
            case "sort" -> Arrays.stream(input.split(",\\s*")).map(String::strip).sorted()
                    .collect(Collectors.joining(", "));
            case "convert" -> convert(ko, input);
            case "extract-dates" -> extracted(ko, ko ? KOREAN_DATE : ENGLISH_DATE, input, ko ? "날짜" : "dates");
            case "extract-prices" -> extracted(ko, ko ? KOREAN_PRICE : ENGLISH_PRICE, input, ko ? "금액" : "prices");
            case "piece" -> ko ? KoreanAnswers.piece(instruction) : EnglishAnswers.piece(instruction, random);
            case "email" -> ko ? KoreanAnswers.email(instruction) : EnglishAnswers.email(instruction);
            case "explanation" -> instruction.constraint(c -> c.bullets() || c.numbered()).isPresent()
                    ? points(instruction, ko ? KoreanAnswers.steps(subjects.get(0))
                            : EnglishAnswers.steps(subjects.get(0)))
                    : ko ? KoreanAnswers.explanation(instruction) : EnglishAnswers.explanation(instruction);
            case "list" -> points(instruction, ko ? KoreanAnswers.tips(subjects.get(0), instruction.count())
                    : EnglishAnswers.tips(subjects.get(0), instruction.count()));
            case "mistakes" -> points(instruction, ko ? KoreanAnswers.mistakes(subjects.get(0), instruction.count())
                    : EnglishAnswers.mistakes(subjects.get(0), instruction.count()));
            case "title" -> ko ? KoreanAnswers.title(subjects.get(0), random) : EnglishAnswers.title(subjects.get(0),
                    random);
            case "plan" -> plan(grammar, instruction);
            case "steps" -> points(instruction, ko ? KoreanAnswers.steps(subjects.get(0))
                    : EnglishAnswers.steps(subjects.get(0)));
            case "questions" -> ko ? KoreanAnswers.questions(instruction) : EnglishAnswers.questions(instruction);
            case "compare" -> ko ? KoreanAnswers.compare(subjects.get(0), subjects.get(1))
                    : EnglishAnswers.compare(subjects.get(0), subjects.get(1));
            default -> throw new IllegalStateException("no answer of kind " + instruction.form().answer());
        };
        return limited(instruction, answer, ko);
    }

    private static String label(InstructionGrammar grammar, Instruction instruction, String input, Random random) {
        String label = "advice".equals(instruction.form().input())
                ? instruction.form().labels().get(goodAdvice(input) ? 0 : 1)
                : grammar.inputs(instruction.form().input()).stream().filter(item -> item.text().equals(input))
                        .map(Item::label).findFirst().orElse(instruction.form().labels()
                                .get(Math.floorMod(input.hashCode(), instruction.form().labels().size())));
        String shown = grammar.isKorean() ? label : TextPieces.capitalise(label.replaceFirst("^(a|an) ", ""));
        if (instruction.constraint(Constraint::reason).isPresent()) {
            List<String> words = TextPieces.words(input);
            String quoted = String.join(" ", words.subList(0, Math.min(5, words.size())));
            return grammar.isKorean() ? shown + "입니다. \"" + quoted + "\"라는 표현이 그렇게 판단한 근거입니다."
                    : shown + ". The wording \"" + quoted + "\" is what points to it.";
        }
        return shown;
    }

    /** Which of the instruction's two subjects the step {@code input} is a point of. */
    private static String which(InstructionGrammar grammar, Instruction instruction, String input) {
        String point = input.replaceFirst("\\.$", "").toLowerCase(Locale.ROOT);
        Subject from = instruction.subjects().stream().filter(subject -> subject.points().stream()
                .anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(point))).findFirst()
                .orElse(instruction.subjects().get(0));
        String name = grammar.isKorean() ? from.name() : TextPieces.capitalise(from.name());
        if (instruction.constraint(Constraint::reason).isPresent()) {
            return grammar.isKorean() ? name + "입니다. 이 조언은 " + from.name() + "의 한 단계입니다."
                    : name + ". The step is one of the basics of " + from.name() + ".";
        }
        return name;
    }

    /** The step of {@code input} that is not a point of the instruction's subject, and why. */
    private static String oddStep(InstructionGrammar grammar, Instruction instruction, String input) {
        Subject subject = instruction.subjects().get(0);
        for (String step : input.split(";\\s*")) {
            if (!subject.points().contains(step)) {
                Subject owner = grammar.subjects().stream().filter(s -> s.points().contains(step)).findFirst()
                        .orElse(subject);
                return grammar.isKorean() ? "\"" + step + "\"입니다. 이 항목은 " + subject.name()
                            + InstructionGrammar.particle(subject.name(), "이") + " 아니라 " + owner.name()
                        + "에 관한 것입니다."
                        : "\"" + TextPieces.capitalise(step) + "\" does not belong: it is about " + owner.name()
                                + ", not " + subject.name() + ".";
            }
        }
        return grammar.isKorean() ? "모든 항목이 " + subject.name() + "에 관한 것입니다."
                : "Every item is about " + subject.name() + ".";
    }

    private static String given(InstructionGrammar grammar, Instruction instruction, String input) {
        return grammar.inputs(instruction.form().input()).stream().filter(item -> item.text().equals(input))
                .map(Item::output).findFirst()
                .orElse(grammar.isKorean() ? "주어진 글의 핵심은 다음과 같습니다: " + input
                        : "Here is the result for the text given: " + input);
    }

    private static String solve(InstructionGrammar grammar, String input) {
        boolean ko = grammar.isKorean();
        for (Item problem : grammar.inputs("word-problem")) {
            Pattern pattern = Pattern.compile(Pattern.quote(problem.text()).replace("{a}", "\\E(?<a>\\d+)\\Q")
                    .replace("{b}", "\\E(?<b>\\d+)\\Q"));
            Matcher matcher = pattern.matcher(input);
            if (!matcher.matches()) {
                continue;
            }
            long a = Long.parseLong(matcher.group("a"));
            long b = Long.parseLong(matcher.group("b"));
            String symbol;
            long result;
            switch (problem.op()) {
                case "add" -> {
                    symbol = "+";
                    result = a + b;
                }
                case "subtract" -> {
                    symbol = "-";
                    result = a - b;
                }
                case "multiply" -> {
                    symbol = "×";
                    result = a * b;
                }
                default -> {
                    symbol = "÷";
                    result = a / b;
                }
            }
            String step = a + " " + symbol + " " + b + " = " + result;
            return ko ? "식을 세우면 " + step + "입니다. 답은 " + result + problem.unit() + "입니다."
                    : "We need " + a + " " + symbol + " " + b + ". " + step + ", so the answer is " + result + " "
                            + problem.unit() + ".";
        }
        Matcher numbers = NUMBER.matcher(input);
        long sum = 0;
        while (numbers.find()) {
            sum += Long.parseLong(numbers.group());
        }
        return ko ? "주어진 수를 모두 더하면 " + sum + "입니다." : "Adding the numbers given gives " + sum + ".";
    }

    private static String convert(boolean ko, String input) {
        Matcher number = NUMBER.matcher(input);
        long celsius = number.find() ? Long.parseLong(number.group()) : 0;
        double fahrenheit = celsius * 9 / 5.0 + 32;
        String f = fahrenheit == Math.rint(fahrenheit) ? Long.toString((long) fahrenheit)
                : String.format(Locale.ROOT, "%.1f", fahrenheit);
        return ko ? "섭씨 " + celsius + "도는 화씨 " + f + "도입니다 (" + celsius + " × 9/5 + 32 = " + f + ")."
                : celsius + "°C is " + f + "°F (" + celsius + " × 9/5 + 32 = " + f + ").";
    }

    private static String extracted(boolean ko, Pattern pattern, String input, String what) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(input);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        if (found.isEmpty()) {
            return ko ? "안내문에 " + what + "가 없습니다." : "The text mentions no " + what + ".";
        }
        return String.join(", ", found);
    }

    /** The subject's points, one for each part of the span the instruction names. */
    private static String plan(InstructionGrammar grammar, Instruction instruction) {
        List<String> points = instruction.subjects().get(0).points();
        Map<String, List<String>> schedules = grammar.definition().schedules();
        List<String> parts = schedules.getOrDefault(instruction.slots().get("span"),
                schedules.values().iterator().next());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(parts.size(), points.size()); i++) {
            String point = grammar.isKorean() ? points.get(i) : TextPieces.capitalise(points.get(i)) + ".";
            String bullet = instruction.constraint(Constraint::bullets).isPresent() ? "- " : "";
            lines.add(bullet + parts.get(i) + ": " + point);
        }
        return String.join("\n", lines);
    }

    /** Points as the instruction wants them: bulleted, or numbered (the default for a list). */
    private static String points(Instruction instruction, List<String> points) {
        boolean bullets = instruction.constraint(Constraint::bullets).isPresent();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                text.append('\n');
            }
            text.append(bullets ? "- " : (i + 1) + ". ").append(points.get(i));
        }
        return text.toString();
    }

    /**
     * The answer cut to the instruction's sentence or word limit: at a sentence's end, or for an answer of several
     * lines (a list, a plan, a letter) at a line's end, so that what is left is whole.
     */
    private static String limited(Instruction instruction, String answer, boolean ko) {
        boolean lines = answer.contains("\n");
        List<String> parts = lines ? List.of(answer.split("\n")) : sentences(answer);
        String joiner = lines ? "\n" : " ";
        Optional<Constraint> sentences = instruction.constraint(constraint -> constraint.sentences() != null);
        if (sentences.isPresent() && parts.size() > sentences.get().sentences()) {
            return String.join(joiner, parts.subList(0, sentences.get().sentences())).strip();
        }
        Optional<Constraint> words = instruction.constraint(constraint -> constraint.words() != null);
        if (words.isPresent() && TextPieces.words(answer).size() > words.get().words()) {
            StringBuilder kept = new StringBuilder();
            for (String part : parts) {
                if (TextPieces.words(kept + " " + part).size() > words.get().words()) {
                    break;
                }
                kept.append(kept.isEmpty() ? "" : joiner).append(part);
            }
            return kept.toString().strip();
        }
        return answer;
    }

    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (String part : text.replace("\n", " ").split("(?<=[.!?])\\s+")) {
            if (!part.isBlank()) {
                sentences.add(part.strip());
            }
        }
        return sentences;
    }
}
