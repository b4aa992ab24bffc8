package dev.seedloop.llm.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The instructions the simulated LLM can write in one language, and how it reads them back. An instruction is a form
 * (what kind of answer it asks for: a list, a label, a rewrite, ...) written with one of the form's wordings, about one
 * of the subjects (each with a few points its answers draw on), with the form's slots filled and up to two constraints
 * (length, audience, tone, format). The grammar is data, in {@code grammar/forms-<language>.json},
 * {@code grammar/subjects-<language>.tsv} and {@code grammar/inputs-<language>.json}; nothing here is English or
 * Korean except the particles Korean nouns take.
 * <p>
 * Reading an instruction back is matching it against every wording (the LLM, asked for instances, sees only the text):
 * an instruction the grammar wrote is always recognised with its subject, slots and constraints; an instruction from
 * elsewhere (a seed, a human instruction) is not, and is answered in general terms.
 */
final class InstructionGrammar {

    /** A length, audience, tone or format requirement: inside the sentence, or a sentence of its own after it. */
    record Constraint(String kind, String text, Integer words, Integer sentences, boolean sentence, boolean bullets,
            boolean numbered, boolean summary, boolean labelOnly, boolean reason) {
    }

    /**
     * A kind of instruction: the answer it asks for, the input it takes (a bank in the inputs file, or one the answer
     * writer makes), the labels of a classification, its wordings, which kinds of constraint it accepts, and how
     * often it is picked relative to the others (forms with few variants, such as most that take an input, less).
     */
    record Form(String answer, String input, List<String> labels, List<String> wordings, List<String> constraints,
            double weight) {

        /** A classification: its labels are its own, or (which-subject) the two subjects it names. */
        boolean classification() {
            return labels != null || answer.equals("which-subject");
        }
    }

    /** What instructions are about, its group (two subjects compared share one) and the points answers make. */
    record Subject(String name, String group, List<String> points) {
    }

    /** An input of a bank: its text, and its label or its expected output where the bank has them. */
    record Item(String text, String label, String output, String domain, String op, String unit) {
    }

    /**
     * The forms file. A subject may be narrowed by a context of its group ("on a tight budget", "좁은 원룸에서"),
     * after its name, or before it where {@code contextFirst}: the same few points then serve many instructions that
     * read differently enough not to be near-duplicates of each other. {@code schedules} name the parts of each span
     * a plan may cover ("one-week": Day 1, Day 2, ...).
     */
    record Definition(String language, List<String> counts, String or, Map<String, List<String>> contexts,
            boolean contextFirst, Map<String, List<String>> slots, Map<String, List<String>> schedules,
            List<Constraint> constraints, List<Form> forms, Map<String, List<String>> rewordings,
            Map<String, List<String>> junk, List<String> words) {
    }

    /** An instruction as written: its text and what it was made of. */
    record Instruction(Form form, List<Subject> subjects, Map<String, String> slots, int count,
            List<Constraint> constraints, String text) {

        Optional<Constraint> constraint(java.util.function.Predicate<Constraint> which) {
            return constraints.stream().filter(which).findFirst();
        }
    }

    /** How many instructions narrow their subject by a context. */
    private static final double CONTEXT_SHARE = 0.65;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)(?:\\|([^}]+))?}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Korean particles that change with the noun before them: the form after a final consonant, and after none. */
    private static final Map<String, String> PARTICLES = Map.of("을", "를", "이", "가", "은", "는", "과", "와",
            "으로", "로");
    /** Inputs the answer writer makes itself instead of taking them from a bank. */
    static final List<String> MADE_INPUTS = List.of("words", "celsius", "advice", "which", "odd-step", "notes",
            "must");
    private static final InstructionGrammar ENGLISH = load("en");
    private static final InstructionGrammar KOREAN = load("ko");

    private final Definition definition;
    private final List<Subject> subjects;
    private final Map<String, List<Item>> inputs;
    private final List<String> memorised;
    private final List<Reading> readings = new ArrayList<>();
    private final boolean korean;

    private record Reading(Form form, String wording, Pattern pattern, List<String> groups) {
    }

    private InstructionGrammar(Definition definition, List<Subject> subjects, Map<String, List<Item>> inputs,
            List<String> memorised) {
        this.definition = definition;
        this.subjects = subjects;
        this.inputs = inputs;
        this.memorised = memorised;
        this.korean = definition.language().equals("ko");
        for (Form form : definition.forms()) {
            if (form.input() != null && !inputs.containsKey(form.input()) && !MADE_INPUTS.contains(form.input())) {
                throw new IllegalStateException("grammar " + definition.language() + ": no input bank "
                        + form.input());
            }
            for (String wording : form.wordings()) {
                readings.add(reading(form, wording));
            }
        }
    }

    static InstructionGrammar english() {
        return ENGLISH;
    }

    static InstructionGrammar korean() {
        return KOREAN;
    }

    /** The grammar of the language {@code text} is written in. */
    static InstructionGrammar of(String text) {
        return TextPieces.isMostlyHangul(text) ? KOREAN : ENGLISH;
    }

    boolean isKorean() {
        return korean;
    }

    Definition definition() {
        return definition;
    }

    List<Subject> subjects() {
        return subjects;
    }

    /** Benchmark questions the simulated LLM repeats word for word (none in a language without a file of them). */
    List<String> memorised() {
        return memorised;
    }

    List<Item> inputs(String bank) {
        return inputs.getOrDefault(bank, List.of());
    }

    /** A new instruction; a classification when {@code classification}. */
    Instruction compose(boolean classification, Random random) {
        List<Form> forms = definition.forms().stream()
                .filter(form -> !classification || form.classification()).toList();
        Form form = weighted(forms, random);
        String wording = TextPieces.pick(form.wordings(), random);
        Subject subject = TextPieces.pick(subjects, random);
        // a context the subject's name already says ("camping for the first time") would be said twice
        List<String> contexts = definition.contexts().get(subject.group()).stream()
                .filter(context -> !subject.name().contains(context)).toList();
        List<Subject> chosen = new ArrayList<>(List.of(random.nextDouble() < CONTEXT_SHARE && !contexts.isEmpty()
                ? inContext(subject, TextPieces.pick(contexts, random)) : subject));
        if (wording.contains("{subject2")) {
            // compared subjects share a group; a step is told apart from a subject of another group
            boolean same = !form.answer().equals("which-subject");
            List<Subject> sameGroup = subjects.stream()
                    .filter(other -> other.group().equals(subject.group()) == same && other != subject).toList();
            chosen.add(TextPieces.pick(sameGroup.isEmpty() ? subjects : sameGroup, random));
        }
        Map<String, String> slots = new LinkedHashMap<>();
        int count = wording.contains("{count}") ? 3 + random.nextInt(definition.counts().size()) : 3;
        Matcher placeholders = PLACEHOLDER.matcher(wording);
        while (placeholders.find()) {
            String name = placeholders.group(1);
            if (definition.slots().containsKey(name)) {
                slots.put(name, TextPieces.pick(definition.slots().get(name), random));
            }
        }
        List<Constraint> constraints = constraints(form, random);
        return new Instruction(form, chosen, slots, count, constraints, render(form, wording, chosen, slots, count,
                constraints));
    }

    /** The subject narrowed by {@code context}: the name the instructions and answers use, the same points. */
    private Subject inContext(Subject subject, String context) {
        return new Subject(definition.contextFirst() ? context + " " + subject.name() : subject.name() + " " + context,
                subject.group(), subject.points());
    }

    private static Form weighted(List<Form> forms, Random random) {
        double total = forms.stream().mapToDouble(Form::weight).sum();
        double roll = random.nextDouble() * total;
        for (Form form : forms) {
            roll -= form.weight();
            if (roll < 0) {
                return form;
            }
        }
        return forms.get(forms.size() - 1);
    }

    private List<Constraint> constraints(Form form, Random random) {
        List<String> kinds = new ArrayList<>(form.constraints());
        java.util.Collections.shuffle(kinds, random);
        double roll = random.nextDouble();
        int wanted = roll < 0.35 ? 0 : roll < 0.8 ? 1 : 2;
        List<Constraint> chosen = new ArrayList<>();
        for (String kind : kinds.subList(0, Math.min(wanted, kinds.size()))) {
            chosen.add(TextPieces.pick(definition.constraints().stream()
                    .filter(constraint -> constraint.kind().equals(kind)).toList(), random));
        }
        // Clauses first, in a fixed order of kinds, then sentences: "for a ten-year-old in a friendly tone."
        chosen.sort(java.util.Comparator.comparing(Constraint::sentence)
                .thenComparing(constraint -> List.of("length", "audience", "tone", "format", "label")
                        .indexOf(constraint.kind())));
        return chosen;
    }

    private String render(Form form, String wording, List<Subject> chosen, Map<String, String> slots, int count,
            List<Constraint> constraints) {
        String clauses = constraints.stream().filter(constraint -> !constraint.sentence()).map(Constraint::text)
                .collect(Collectors.joining(" "));
        StringBuilder text = new StringBuilder();
        Matcher placeholders = PLACEHOLDER.matcher(wording);
        while (placeholders.find()) {
            String name = placeholders.group(1);
            String value = switch (name) {
                case "subject" -> chosen.get(0).name();
                case "subject2" -> chosen.get(1).name();
                case "count" -> definition.counts().get(count - 3);
                case "labels" -> labels(form);
                case "constraints" -> clauses.isEmpty() ? "" : clauses + " ";
                default -> slots.get(name);
            };
            if (placeholders.group(2) != null) {
                value = value + particle(value, placeholders.group(2));
            }
            placeholders.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(text);
        if (!wording.contains("{constraints}") && !clauses.isEmpty()) {
            text.append(' ').append(clauses);
        }
        text.append('.');
        constraints.stream().filter(Constraint::sentence).forEach(constraint -> text.append(' ')
                .append(constraint.text()));
        return text.toString();
    }

    /** The labels as the instruction names them: "positive, negative or neutral". */
    String labels(Form form) {
        List<String> labels = form.labels();
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " " + definition.or() + " "
                + labels.get(labels.size() - 1);
    }

    /** The instruction {@code text} as this grammar wrote it, if it did (a reworded verb is read as the original). */
    Optional<Instruction> read(String text) {
        String instruction = text.strip();
        Optional<Instruction> read = readExactly(instruction);
        if (read.isPresent()) {
            return read;
        }
        for (Map.Entry<String, List<String>> verb : definition.rewordings().entrySet()) {
            for (String synonym : verb.getValue()) {
                String original = korean ? instruction.replace(synonym, verb.getKey())
                        : instruction.startsWith(synonym + " ")
                                ? verb.getKey() + instruction.substring(synonym.length()) : instruction;
                if (!original.equals(instruction)) {
                    read = readExactly(original);
                    if (read.isPresent()) {
                        return read;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Instruction> readExactly(String instruction) {
        for (Reading reading : readings) {
            Matcher matcher = reading.pattern().matcher(instruction);
            if (!matcher.matches()) {
                continue;
            }
            List<Subject> chosen = new ArrayList<>();
            if (reading.groups().contains("subject")) {
                Subject subject = subject(matcher.group("subject"));
                chosen.add(matcher.group("context") == null ? subject : inContext(subject, matcher.group("context")));
            }
            Map<String, String> slots = new LinkedHashMap<>();
            int count = 3;
            for (String group : reading.groups()) {
                String value = matcher.group(group);
                String name = group.replaceAll("[0-9]+$", "");
                switch (name) {
                    case "subject", "context" -> {
                    }
                    case "subjectb" -> chosen.add(subject(value));
                    case "count" -> count = 3 + definition.counts().indexOf(value);
                    case "rest", "tail" -> {
                    }
                    default -> slots.put(name, value);
                }
            }
            String rest = (reading.groups().contains("rest") ? matcher.group("rest") : "") + " "
                    + matcher.group("tail");
            List<Constraint> constraints = definition.constraints().stream()
                    .filter(constraint -> rest.contains(constraint.text())).toList();
            return Optional.of(new Instruction(reading.form(), chosen, slots, count, constraints, instruction));
        }
        return Optional.empty();
    }

    private Subject subject(String name) {
        return subjects.stream().filter(subject -> subject.name().equals(name)).findFirst().orElseThrow();
    }

    private Reading reading(Form form, String wording) {
        StringBuilder regex = new StringBuilder("^");
        List<String> groups = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(wording);
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(wording.substring(last, placeholders.start())));
            String name = placeholders.group(1);
            String group = switch (name) {
                case "subject" -> "subject";
                case "subject2" -> "subjectb";
                case "constraints" -> "rest";
                default -> name;
            };
            String alternatives = switch (name) {
                case "subject", "subject2" -> alternation(subjects.stream().map(Subject::name).toList());
                case "count" -> alternation(definition.counts());
                case "labels" -> Pattern.quote(labels(form));
                case "constraints" -> ".*?";
                default -> alternation(definition.slots().get(name));
            };
            if (name.equals("labels")) {
                regex.append(alternatives);
            } else if (name.equals("subject")) {
                String contexts = alternation(definition.contexts().values().stream().flatMap(List::stream)
                        .distinct().toList());
                String subjectGroup = "(?<subject>" + alternatives + ")";
                regex.append(definition.contextFirst() ? "(?:(?<context>" + contexts + ") )?" + subjectGroup
                        : subjectGroup + "(?: (?<context>" + contexts + "))?");
                groups.add("subject");
            } else {
                regex.append("(?<").append(group).append('>').append(alternatives).append(')');
                groups.add(group);
            }
            if (placeholders.group(2) != null) {
                regex.append(alternation(List.of(placeholders.group(2), partner(placeholders.group(2)))));
            }
            last = placeholders.end();
        }
        regex.append(Pattern.quote(wording.substring(last)));
        // whatever follows the wording: the constraints of a language that puts them last, and sentence ones
        regex.append("(?<tail>.*)");
        groups.add("tail");
        return new Reading(form, wording, Pattern.compile(regex.append('$').toString(), Pattern.DOTALL), groups);
    }

    private static String alternation(List<String> values) {
        return values.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|", "(?:", ")"));
    }

    private static String partner(String particle) {
        for (Map.Entry<String, String> pair : PARTICLES.entrySet()) {
            if (pair.getKey().equals(particle)) {
                return pair.getValue();
            }
            if (pair.getValue().equals(particle)) {
                return pair.getKey();
            }
        }
        throw new IllegalStateException("no particle " + particle);
    }

    /** The form of {@code particle} that follows {@code noun}: 을 after a final consonant, 를 after a vowel. */
    static String particle(String noun, String particle) {
        String afterConsonant = PARTICLES.containsKey(particle) ? particle : partner(particle);
        String afterVowel = PARTICLES.get(afterConsonant);
        char last = noun.isEmpty() ? 'a' : noun.charAt(noun.length() - 1);
        if (last < 0xAC00 || last > 0xD7A3) {
            return afterVowel;
        }
        int coda = (last - 0xAC00) % 28;
        boolean consonant = coda != 0 && !(afterConsonant.equals("으로") && coda == 8);
        return consonant ? afterConsonant : afterVowel;
    }

    private static InstructionGrammar load(String language) {
        try {
            Definition definition = JSON.readValue(resource("forms-" + language + ".json"), Definition.class);
            Map<String, List<Item>> inputs = JSON.readValue(resource("inputs-" + language + ".json"),
                    JSON.getTypeFactory().constructMapType(Map.class, JSON.getTypeFactory().constructType(
                            String.class), JSON.getTypeFactory().constructCollectionType(List.class, Item.class)));
            List<Subject> subjects = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource("subjects-" + language
                    + ".tsv"), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] fields = line.split("\t");
                    if (fields.length != 3) {
                        throw new IllegalStateException("subjects-" + language + ".tsv: not 3 fields: " + line);
                    }
                    subjects.add(new Subject(fields[0].strip(), fields[1].strip(), List.of(fields[2].split(";\\s*"))
                            .stream().map(String::strip).toList()));
                }
            }
            List<String> memorised = new ArrayList<>();
            InputStream benchmark = InstructionGrammar.class.getResourceAsStream(
                    "grammar/benchmark-" + language + ".txt");
            if (benchmark != null) {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(benchmark,
                        StandardCharsets.UTF_8))) {
                    lines.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(memorised::add);
                }
            }
            return new InstructionGrammar(definition, List.copyOf(subjects), inputs, List.copyOf(memorised));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated LLM's " + language + " grammar", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream stream = InstructionGrammar.class.getResourceAsStream("grammar/" + name);
        if (stream == null) {
            throw new IllegalStateException("the simulated LLM's grammar file grammar/" + name + " is missing");
        }
        return stream;
    }

    @Override
    public String toString() {
        return "InstructionGrammar[" + definition.language().toUpperCase(Locale.ROOT) + "]";
    }
}
