package dev.seedloop.generator.method;

import dev.seedloop.generator.Generated;
import dev.seedloop.generator.Proposals;
import dev.seedloop.llm.LlmReply;
import dev.seedloop.schemas.avro.CandidateInstruction;
import dev.seedloop.schemas.avro.Provenance;
import dev.seedloop.schemas.avro.Rejection;
import java.util.ArrayList;
import java.util.List;

/** Reads a numbered task list the model continued: a candidate per task, a rejection for what is not one. */
final class TaskLists {

    private TaskLists() {
    }

    static Generated read(LlmReply reply, String requestId, Provenance provenance) {
        TaskListParser.ParsedTasks parsed = TaskListParser.parse(reply.content(), reply.truncated());
        List<CandidateInstruction> candidates = new ArrayList<>();
        for (int i = 0; i < parsed.tasks().size(); i++) {
            candidates.add(Proposals.candidate(requestId + "-" + i, parsed.tasks().get(i), List.of(), provenance,
                    reply.finishReason()));
        }
        List<Rejection> rejections = new ArrayList<>();
        parsed.truncatedItem().ifPresent(item -> rejections.add(Proposals.rejection(Proposals.TRUNCATED,
                "last item cut off by the token limit (finish_reason=length)", provenance, item)));
        if (parsed.empty()) {
            rejections.add(Proposals.rejection(Proposals.UNPARSEABLE, "no tasks found in the answer", provenance,
                    reply.content()));
        }
        return new Generated(candidates, rejections);
    }
}
