package dev.taskfleet.policy;

import java.time.Duration;

/**
 * Adaptive routing ({@code adaptive} in the policy file): a task type whose recent success rate
 * on its chosen tier is below {@code minSuccessRate}, over at least {@code minSamples} outcomes
 * in the last {@code window}, goes one tier up (and further, while the next tier is as bad).
 *
 * @param enabled        off by default: moving traffic on observed outcomes is a choice to make on purpose
 * @param window         how far back outcomes count
 * @param minSamples     outcomes needed before a rate is trusted
 * @param minSuccessRate the success ratio below which a tier is skipped, between 0 and 1
 */
record AdaptiveSettings(boolean enabled, Duration window, long minSamples, double minSuccessRate) {

    static final AdaptiveSettings DEFAULT = new AdaptiveSettings(false, Duration.ofMinutes(15), 20, 0.8);
}
