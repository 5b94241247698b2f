package dev.taskfleet.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One task of a {@link RoutePreview}: where the router would send it.
 *
 * @param id          the task's id (generated when the task had none)
 * @param type        the task's type
 * @param tier        the tier it would run on
 * @param rule        the rule that decided, e.g. a policy rule's id, {@code tier-hint} or {@code heuristic}
 * @param score       the complexity score behind the decision (0 when a rule decided without one)
 * @param features    the features that drove the decision and their values; empty when a rule decided alone
 * @param explanation why, one line a person can read
 */
public record PreviewedTask(
        @Schema(required = true) String id,
        @Schema(required = true) String type,
        @Schema(required = true) String tier,
        @Schema(required = true) String rule,
        @Schema(required = true) double score,
        @Schema(required = true) Map<String, Double> features,
        @Schema(required = true) String explanation) {

    public PreviewedTask {
        features = features == null ? Map.of() : Map.copyOf(features);
    }
}
