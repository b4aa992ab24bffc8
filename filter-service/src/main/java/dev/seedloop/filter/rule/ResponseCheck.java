package dev.seedloop.filter.rule;

/**
 * A check on a response, run in rule order on what the earlier rules kept: it drops instances, or rejects the
 * whole response (after which no later rule runs).
 */
@FunctionalInterface
public non-sealed interface ResponseCheck extends Check {

    void judge(ResponseJudgement judgement);
}
