package dev.seedloop.llm.simulated;

import dev.seedloop.llm.simulated.InstructionGrammar.Instruction;
import dev.seedloop.llm.simulated.InstructionGrammar.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The Korean answers about a subject, built from its points (nouns in -기: "물빠짐 구멍이 있는 화분 쓰기"). */
final class KoreanAnswers {

    private KoreanAnswers() {
    }

    static String piece(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        String piece = instruction.slots().getOrDefault("piece", "짧은 이야기");
        return switch (piece) {
            case "짧은 시" -> String.join("\n", subject.name() + ", 어렵게만 보였지만", p.get(0) + "부터,",
                    "그리고 " + p.get(1) + ",", "작은 습관이 하루를 바꾼다.");
            case "일기" -> "오늘 드디어 " + withParticle(subject.name(), "을") + " 시작했다. " + withParticle(p.get(0), "을")
                    + " 해 보았고, 내일은 " + withParticle(p.get(1), "을") + " 해 볼 생각이다.";
            case "블로그 글 도입부" -> withParticle(subject.name(), "을") + " 어디서부터 시작해야 할지 고민이신가요? 몇 가지 습관이면 "
                    + "충분합니다. " + p.get(0) + ", " + p.get(1) + ", 그리고 " + p.get(2) + ". 이 글에서 하나씩 살펴봅니다.";
            case "응원 편지" -> "네가 " + withParticle(subject.name(), "을") + " 시작했다니 정말 기뻐. 완벽하지 않아도 괜찮아. "
                    + withParticle(p.get(0), "부터") + " 해 보자. 너라면 분명 잘할 거야.";
            case "짧은 대화문" -> "민수: " + subject.name() + ", 어디서부터 시작하면 좋을까?\n지은: " + p.get(0)
                    + "부터 해 봐.\n민수: 그 다음은?\n지은: " + p.get(1) + ". 그거면 충분해.";
            default -> "지훈이는 몇 달 동안 " + withParticle(subject.name(), "을") + " 미뤄 왔다. 어느 토요일, "
                    + withParticle(p.get(0), "부터") + " 해 보기로 했다. 다음 주에는 " + withParticle(p.get(1), "을")
                    + " 익혔다. 한 달 뒤, 왜 그렇게 어렵게 느꼈는지 기억나지 않았다.";
        };
    }

    static String email(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        return "제목: " + subject.name() + " 관련 문의\n\n안녕하세요,\n\n" + subject.name() + "에 관해 여쭙고 싶은 것이 있어 "
                + "연락드립니다. " + withParticle(p.get(0), "과") + " " + withParticle(p.get(1), "을")
                + " 해 보려고 하는데, 어떻게 시작하면 좋을지 조언을 부탁드립니다. 이번 주에 잠시 이야기 나눌 수 있을까요?\n\n감사합니다.\n지우 드림";
    }

    static String explanation(Instruction instruction) {
        Subject subject = instruction.subjects().get(0);
        List<String> p = subject.points();
        return subject.name() + "의 핵심은 몇 가지 습관입니다. 먼저 " + withParticle(p.get(0), "이") + " 중요합니다. 다음으로 "
                + withParticle(p.get(1), "이") + " 도움이 됩니다. " + withParticle(p.get(2), "도") + " 잊지 마세요. 마지막으로 "
                + withParticle(p.get(3), "을") + " 권합니다.";
    }

    static List<String> tips(Subject subject, int count) {
        return subject.points().subList(0, Math.min(count, subject.points().size()));
    }

    static List<String> mistakes(Subject subject, int count) {
        List<String> mistakes = new ArrayList<>();
        for (String point : subject.points().subList(0, Math.min(count, subject.points().size()))) {
            mistakes.add(withParticle(point, "을") + " 잊는 것");
        }
        return mistakes;
    }

    static String title(Subject subject, Random random) {
        return TextPieces.pick(List.of("작은 습관, 큰 변화: ", "처음이어도 괜찮아: ", "아무도 알려 주지 않는 "), random)
                + subject.name();
    }

    static List<String> steps(Subject subject) {
        return subject.points();
    }

    static String questions(Instruction instruction) {
        List<String> p = instruction.subjects().get(0).points();
        List<String> questions = List.of(withParticle(p.get(0), "이") + " 왜 중요한가요?",
                withParticle(p.get(1), "은") + " 얼마나 자주 해야 하나요?", withParticle(p.get(2), "을") + " 잊으면 어떻게 되나요?",
                withParticle(p.get(3), "이") + " 꼭 필요한가요?");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(instruction.count(), questions.size()); i++) {
            lines.add((i + 1) + ". " + questions.get(i));
        }
        return String.join("\n", lines);
    }

    static String compare(Subject first, Subject second) {
        return withParticle(first.name(), "과") + " " + withParticle(second.name(), "은") + " 모두 꾸준한 작은 습관이 중요합니다. "
                + first.name() + "에서는 " + withParticle(first.points().get(0), "이") + ", " + second.name() + "에서는 "
                + withParticle(second.points().get(0), "이") + " 핵심입니다. 둘 다 큰돈은 들지 않지만 매주 조금씩 시간을 내야 합니다.";
    }

    /** {@code noun} with the form of {@code particle} that fits its last syllable (other particles as they are). */
    private static String withParticle(String noun, String particle) {
        return switch (particle) {
            case "을", "를", "이", "가", "은", "는", "과", "와", "으로", "로" ->
                    noun + InstructionGrammar.particle(noun, particle);
            default -> noun + particle;
        };
    }
}
