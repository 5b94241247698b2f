package dev.taskfleet.benchmarks;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The scenarios {@link FairnessBenchmark} runs, each lanes off and on. */
public enum FairnessScenario {
    /** A small batch of one team submitted behind another team's large batch. */
    SMALL_BEHIND_LARGE("small-behind-large"),
    /** Two teams' large batches submitted one right after the other: each team's share of completions. */
    TWO_LARGE("two-large"),
    /** One team's large batch running, another team's large batch submitted later: how soon it gets its share. */
    LATE_TEAM("late-team");

    private final String label;

    FairnessScenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The scenario of a command-line label. */
    public static FairnessScenario named(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + label + "; one of "
                        + Arrays.stream(values()).map(FairnessScenario::label).collect(Collectors.joining(", "))));
    }
}
