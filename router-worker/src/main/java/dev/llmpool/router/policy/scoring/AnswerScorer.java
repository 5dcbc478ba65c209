package dev.llmpool.router.policy.scoring;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs a tier's scorers over an answer and combines their scores. Build one and share it. */
public final class AnswerScorer {

    private final Map<ScorerKind, Scorer> scorers = new EnumMap<>(ScorerKind.class);

    public AnswerScorer() {
        scorers.put(ScorerKind.FINISH_REASON, new FinishReasonScorer());
        scorers.put(ScorerKind.REFUSAL, new RefusalScorer());
        scorers.put(ScorerKind.JSON, new JsonScorer());
        scorers.put(ScorerKind.PATTERN, new PatternScorer());
        scorers.put(ScorerKind.LOGPROB, new LogprobScorer());
        scorers.put(ScorerKind.AGREEMENT, new AgreementScorer());
        scorers.put(ScorerKind.JUDGE, new JudgeScorer());
    }

    public Judgement judge(ScoredAnswer answer, ScoringContext context, Combination combination) {
        List<Score> scores = new ArrayList<>();
        for (ScorerSpec spec : context.acceptance().scorers()) {
            scores.add(scorers.get(spec.kind()).score(answer, context, spec));
        }
        return combination.combine(scores);
    }
}
