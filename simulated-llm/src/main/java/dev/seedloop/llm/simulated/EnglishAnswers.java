package dev.seedloop.llm.simulated;

import dev.seedloop.llm.simulated.InstructionGrammar.Constraint;
import dev.seedloop.llm.simulated.InstructionGrammar.Instruction;
import dev.seedloop.llm.simulated.InstructionGrammar.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The English answers about a subject, built from its points (imperative phrases: "use pots with drainage holes"). */
final class EnglishAnswers {

    private EnglishAnswers() {
    }

    static String piece(Instruction instruction, Random random) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        String piece = instruction.slots().getOrDefault("piece", "short story");
        return switch (piece) {
            case "short poem", "limerick" -> String.join("\n", "When " + subject.name() + " feels hard to start,",
                    "just " + p.get(0) + ",", "then " + p.get(1) + ",", "and let small habits do their part.");
            case "haiku" -> String.join("\n", TextPieces.capitalise(subject.name()) + ":", p.get(0) + ",",
                    "small steps, calmer days.");
            case "diary entry" -> "Dear diary, today I finally started " + subject.name() + ". I tried to " + p.get(0)
                    + ", and I made a note to " + p.get(1) + ". Tomorrow I want to " + p.get(2) + ".";
            case "blog post introduction" -> "If you have ever wondered where to begin with " + subject.name()
                    + ", you are not alone. The good news is that a few habits go a long way: " + p.get(0) + ", "
                    + p.get(1) + ", and " + p.get(2) + ". In this post we look at each of them.";
            case "motivational speech" -> "Friends, " + subject.name() + " is not about being perfect. It is about "
                    + "small steps. " + TextPieces.capitalise(p.get(0)) + ". " + TextPieces.capitalise(p.get(1))
                    + ". Start today, and be proud of every step you take.";
            case "short dialogue" -> "Sam: I want to get better at " + subject.name() + ", but I don't know where to "
                    + "start.\nLee: " + TextPieces.capitalise(p.get(0)) + ".\nSam: That sounds doable. Anything "
                    + "else?\nLee: " + TextPieces.capitalise(p.get(1)) + ", and " + p.get(2) + ".";
            default -> TextPieces.pick(List.of("Maya", "Tom", "Priya", "Jonas"), random) + " had put off "
                    + subject.name() + " for months. One Saturday she decided to " + p.get(0) + ". The next week "
                    + "she learned to " + p.get(1) + ". By the end of the month she could not remember why it had "
                    + "seemed so hard.";
        };
    }

    static String email(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        String recipient = instruction.slots().getOrDefault("recipient", "");
        String greeting = recipient.contains("manager") || recipient.contains("landlord")
                || recipient.contains("customer") ? "Hello" : "Hi";
        return "Subject: " + TextPieces.capitalise(subject.name()) + "\n\n" + greeting + ",\n\nI am writing about "
                + subject.name() + ". I would like to " + p.get(0) + " and " + p.get(1) + ", and I would value your "
                + "advice on how to start. Could we find ten minutes to talk this week?\n\nBest regards,\nAlex";
    }

    static String explanation(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        boolean child = instruction.constraints().stream().anyMatch(c -> c.text().contains("ten-year-old"));
        String opening = child ? "Here is the simple version." : TextPieces.capitalise(subject.name())
                + " comes down to a few habits.";
        String body = opening + " First, " + p.get(0) + ". Second, " + p.get(1) + ". It also helps to " + p.get(2)
                + ". Finally, " + p.get(3) + ".";
        if (instruction.constraint(Constraint::summary).isPresent()) {
            return "In short: " + p.get(0) + " and " + p.get(1) + ". " + body;
        }
        return body;
    }

    static List<String> tips(Subject subject, int count) {
        List<String> tips = new ArrayList<>();
        for (String point : subject.points().subList(0, Math.min(count, subject.points().size()))) {
            tips.add(TextPieces.capitalise(point) + ".");
        }
        return tips;
    }

    static List<String> mistakes(Subject subject, int count) {
        List<String> mistakes = new ArrayList<>();
        for (String point : subject.points().subList(0, Math.min(count, subject.points().size()))) {
            mistakes.add("Forgetting to " + point + ".");
        }
        return mistakes;
    }

    static String title(Subject subject, Random random) {
        return TextPieces.pick(List.of("Small Steps, Big Wins: ", "The Easy Guide to ", "No Stress: ",
                "What Nobody Tells You About "), random) + titleCase(subject.name());
    }

    static List<String> steps(Subject subject) {
        return subject.points().stream().map(point -> TextPieces.capitalise(point) + ".").toList();
    }

    static String questions(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        if (!instruction.text().contains("quiz")) {
            List<String> questions = List.of("Why should I " + p.get(0) + "?", "How often should I " + p.get(1) + "?",
                    "What happens if I forget to " + p.get(2) + "?", "Is it really necessary to " + p.get(3) + "?");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < Math.min(instruction.count(), questions.size()); i++) {
                lines.add((i + 1) + ". " + questions.get(i));
            }
            return String.join("\n", lines);
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add("Q" + (i + 1) + ": True or false: a good habit for " + subject.name() + " is to " + p.get(i)
                    + ".\nA" + (i + 1) + ": True.");
        }
        return String.join("\n", lines);
    }

    static String compare(Subject first, Subject second) {
        return TextPieces.capitalise(first.name()) + " and " + second.name() + " both reward small, steady habits. "
                + "For " + first.name() + ", the key is to " + first.points().get(0) + "; for " + second.name()
                + ", it is to " + second.points().get(0) + ". The first asks you to " + first.points().get(1)
                + ", while the second asks you to " + second.points().get(1) + ". Neither needs much money, but "
                + "both need a little time every week.";
    }

    private static String titleCase(String text) {
        List<String> small = List.of("a", "an", "the", "of", "for", "on", "in", "to", "and", "with", "at", "by");
        List<String> words = TextPieces.words(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            out.add(i > 0 && small.contains(word) ? word : TextPieces.capitalise(word));
        }
        return String.join(" ", out);
    }
}
