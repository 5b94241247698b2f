package dev.taskfleet.worker.escalation;

import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.TopicNames;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a task that failed on this tier is sent back to the router to run on a stronger
 * one, instead of getting its FAILED result here.
 *
 * <p>A task escalates when a stronger model may fix its failure and the fleet has a tier above
 * this one ({@code taskfleet.tier-order}, cheapest first). Failures a stronger model may fix: an
 * answer that failed the task's {@code expect} ({@code OUTPUT_REJECTED}), a prompt too long for
 * this model's context ({@code CONTEXT_LENGTH}), and every retryable failure the tier's retries
 * could not get past ({@code TIMEOUT}, {@code RATE_LIMITED}, {@code PROVIDER_ERROR}, ...): the next
 * tier is another model, often another provider or quota. Configuration problems never escalate
 * ({@code AUTH_FAILED}, {@code BAD_REQUEST}, {@code NOT_FOUND}, {@code UNKNOWN_MODEL}): hiding
 * them behind a pricier tier would make a broken tier look healthy and expensive instead of loud.
 *
 * <p>The worker only asks; the router has the last word (team tier caps, the task's attempt limit)
 * and publishes the FAILED result itself when it refuses.
 */
public final class EscalationPolicy {

    /** Non-retryable failures a stronger model may still fix. */
    private static final Set<String> FIXABLE_BY_A_STRONGER_MODEL =
            Set.of(ResultErrorCodes.OUTPUT_REJECTED, ResultErrorCodes.CONTEXT_LENGTH);
    /** Failures that say the tier is misconfigured, whatever their retryable flag. */
    private static final Set<String> CONFIGURATION_PROBLEMS = Set.of(ResultErrorCodes.AUTH_FAILED,
            ResultErrorCodes.BAD_REQUEST, ResultErrorCodes.NOT_FOUND, ResultErrorCodes.UNKNOWN_MODEL);

    private final List<String> tierOrder;

    /** @param tierOrder the fleet's tiers, cheapest first */
    public EscalationPolicy(List<String> tierOrder) {
        if (tierOrder.isEmpty()) {
            throw new IllegalArgumentException("the tier order names no tier");
        }
        tierOrder.forEach(TopicNames::requireValidTier);
        this.tierOrder = List.copyOf(tierOrder);
    }

    /**
     * The tier above {@code fromTier} when the failure should escalate, else empty (publish FAILED).
     *
     * @param fromTier  the tier the task failed on
     * @param code      the error code of its last failure
     * @param retryable whether that failure was one retrying may get past (retries now exhausted)
     */
    public Optional<String> escalateTo(String fromTier, String code, boolean retryable) {
        if (CONFIGURATION_PROBLEMS.contains(code)) {
            return Optional.empty();
        }
        if (!retryable && !FIXABLE_BY_A_STRONGER_MODEL.contains(code)) {
            return Optional.empty();
        }
        int position = tierOrder.indexOf(fromTier);
        if (position < 0 || position == tierOrder.size() - 1) {
            return Optional.empty();
        }
        return Optional.of(tierOrder.get(position + 1));
    }
}
