package dev.seedloop.llm.simulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes new tasks the way a generation prompt asks for them, from the words of the demonstrations it was shown:
 * mostly new combinations of a task frame, a topic taken from a demonstration and a modifier; a configured share
 * of near-copies of a demonstration; and a configured share of junk that one of Self-Instruct's rules rejects.
 */
final class TaskComposer {

    private static final List<String> FRAMES = List.of(
            "Write a short story about %s.", "Explain the difference between %s and everyday examples of it.",
            "Give three practical tips related to %s.", "Summarize the main ideas behind %s.",
            "Create a list of questions someone might ask about %s.", "Describe how %s works to a beginner.",
            "Compare two common approaches to %s.", "Suggest a catchy title for an article on %s.",
            "What are the advantages and disadvantages of %s?", "Propose a weekend plan centred on %s.",
            "Write a persuasive paragraph about %s.", "Classify the following items by their relation to %s.",
            "Rewrite the given sentence about %s in a formal tone.", "Generate a quiz with answers about %s.",
            "Outline the steps needed to get started with %s.", "Name five words associated with %s.",
            "Write a friendly email asking a colleague about %s.", "Explain why %s matters to small businesses.",
            "Brainstorm creative uses of %s.", "Write a haiku inspired by %s.",
            "Identify common misconceptions about %s.", "Design a simple experiment to test %s.",
            "Describe a typical day of a person who studies %s.", "Recommend books or courses for learning %s.",
            "Write a dialogue between two friends discussing %s.", "List the key terms a student should know about %s.",
            "Estimate how long it takes to learn %s and justify the estimate.",
            "Convert the description of %s into a step-by-step checklist.",
            "Give an analogy that makes %s easy to understand.", "Predict how %s might change in ten years.");
    private static final List<String> MODIFIERS = List.of("", "", "", " Keep it under 100 words.",
            " Use simple language.", " Answer in bullet points.", " Include one concrete example.",
            " Make it suitable for a ten-year-old.", " Use a humorous tone.", " Cite at least two reasons.",
            " End with a question for the reader.", " Focus on safety.");
    private static final List<String> KOREAN_FRAMES = List.of("%s에 대한 짧은 이야기를 써 주세요.",
            "%s의 장점과 단점을 설명하세요.", "%s와 관련된 실용적인 팁 세 가지를 알려 주세요.",
            "%s을 초보자에게 설명하세요.", "%s에 관한 질문 목록을 만드세요.", "%s에 대한 설득력 있는 글을 쓰세요.",
            "%s의 핵심 내용을 요약하세요.", "%s에 관한 퀴즈를 정답과 함께 만드세요.");
    private static final List<String> KOREAN_MODIFIERS = List.of("", "", " 100단어 이내로 작성하세요.",
            " 쉬운 말로 설명하세요.", " 예시를 하나 포함하세요.");

    private static final List<String> CLASSIFICATION_FRAMES = List.of(
            "Classify the sentiment of a review about %s as positive or negative.",
            "Decide whether the given statement about %s is true or false.",
            "Detect if the following message about %s is spam or not spam.",
            "Tell me if the given sentence about %s is formal or informal.",
            "Classify the following question about %s into beginner, intermediate or expert level.",
            "Identify whether the text about %s expresses a fact or an opinion.");
    private static final List<String> KOREAN_CLASSIFICATION_FRAMES = List.of(
            "%s에 관한 리뷰의 감정을 긍정 또는 부정으로 분류하세요.", "%s에 관한 주어진 진술이 참인지 거짓인지 판별하세요.",
            "%s에 관한 문장이 사실인지 의견인지 분류하세요.");
    private static final List<String> SAMPLE_INPUTS = List.of("<noinput>",
            "The city council approved a new plan to add bike lanes on five major streets next spring.",
            "Apples, bananas, carrots, spinach, cherries, broccoli",
            "Our team missed the deadline because the requirements changed twice last week.");

    private final SimulatedLlmConfig config;

    TaskComposer(SimulatedLlmConfig config) {
        this.config = config;
    }

    /** Between one and {@code maxItems} new tasks for a prompt showing {@code demos}. */
    List<String> compose(List<String> demos, int maxItems, Random random) {
        return compose(demos, maxItems, false, random);
    }

    /** As {@link #compose(List, int, Random)}, classification tasks only when {@code classification}. */
    List<String> compose(List<String> demos, int maxItems, boolean classification, Random random) {
        if (demos.isEmpty()) {
            return List.of("Write a short poem about the sea.");
        }
        boolean korean = demos.stream().filter(TextPieces::isMostlyHangul).count() * 2 > demos.size();
        int count = Math.max(1, Math.min(maxItems, 4 + random.nextInt(5)));
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double roll = random.nextDouble();
            if (roll < config.nearDuplicateShare()) {
                tasks.add(nearCopy(TextPieces.pick(demos, random), random));
            } else if (roll < config.nearDuplicateShare() + config.junkShare()) {
                tasks.add(junk(demos, random));
            } else if (classification) {
                String topic = TextPieces.topic(TextPieces.pick(demos, random), random);
                tasks.add(String.format(TextPieces.pick(korean ? KOREAN_CLASSIFICATION_FRAMES : CLASSIFICATION_FRAMES,
                        random), topic));
            } else {
                tasks.add(korean ? novelKorean(demos, random) : novel(demos, random));
            }
        }
        return tasks;
    }

    /**
     * Alpaca's batch answer: tasks numbered from {@code next}, each with "N. Instruction:", "N. Input:" and
     * "N. Output:", separated by "###"; the answer continues the prompt's last "N. Instruction:".
     */
    String alpacaBatch(List<String> demos, int next, Random random) {
        List<String> tasks = compose(demos, 20 - next, random);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++) {
            int number = next + i;
            if (i > 0) {
                text.append("\n###\n").append(number).append(". Instruction:");
            }
            String input = TextPieces.pick(SAMPLE_INPUTS, random);
            text.append(' ').append(tasks.get(i)).append('\n')
                    .append(number).append(". Input:\n").append(input).append('\n')
                    .append(number).append(". Output:\n").append("A concise answer about ")
                    .append(TextPieces.topic(tasks.get(i), random)).append(", with one example and a short summary.");
        }
        return text.toString();
    }

    private static String novel(List<String> demos, Random random) {
        String topic = TextPieces.topic(TextPieces.pick(demos, random), random);
        if (random.nextInt(3) == 0) {
            topic = topic + " and " + TextPieces.topic(TextPieces.pick(demos, random), random);
        }
        return String.format(TextPieces.pick(FRAMES, random), topic) + TextPieces.pick(MODIFIERS, random);
    }

    private static String novelKorean(List<String> demos, Random random) {
        String topic = TextPieces.topic(TextPieces.pick(demos, random), random);
        return String.format(TextPieces.pick(KOREAN_FRAMES, random), topic)
                + TextPieces.pick(KOREAN_MODIFIERS, random);
    }

    /** A demonstration copied, or changed by one word: ROUGE-L against it stays high. */
    private static String nearCopy(String demo, Random random) {
        List<String> words = new ArrayList<>(TextPieces.words(demo));
        switch (random.nextInt(4)) {
            case 0 -> {
                return demo;
            }
            case 1 -> words.add(0, "Please");
            case 2 -> {
                if (words.size() > 3) {
                    words.remove(1 + random.nextInt(words.size() - 2));
                }
            }
            default -> words.add(words.size() > 1 ? words.size() - 1 : 0, "carefully");
        }
        return String.join(" ", words);
    }

    /** A task that one of Self-Instruct's instruction rules rejects. */
    private static String junk(List<String> demos, Random random) {
        String topic = TextPieces.topic(TextPieces.pick(demos, random), random);
        return switch (random.nextInt(6)) {
            case 0 -> "Explain " + topic.split(" ")[0] + ".";
            case 1 -> "Draw a picture that shows " + topic + ".";
            case 2 -> "Write a program that answers questions about " + topic + ".";
            case 3 -> "- " + novel(demos, random);
            case 4 -> "Plot a graph of " + topic + " over time.";
            default -> (novel(demos, random) + " ").repeat(20).strip();
        };
    }
}
