package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.worker.cost.Price;
import java.util.Objects;

/**
 * The tier a worker serves and what its calls look like.
 *
 * @param tier            the tier name
 * @param model           the model the tier's tasks run on
 * @param maxOutputTokens the completion length cap sent with every call
 * @param price           the model's price, for the cost on each result
 */
public record TierProfile(String tier, String model, int maxOutputTokens, Price price) {

    public TierProfile {
        TopicNames.requireValidTier(tier);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(price, "price");
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("tier " + tier + ": max output tokens must be at least 1, was "
                    + maxOutputTokens);
        }
    }
}
