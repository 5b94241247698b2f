package dev.taskfleet.config;

import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TopicNames;
import java.util.List;

/**
 * The defaults of the keys every service shares, as compile-time constants so that
 * {@code @WithDefault}, the launcher and the test kit all use the same ones. The topic prefix and
 * the task limits derive from the contract's own defaults, so the two cannot disagree.
 */
public final class FleetDefaults {

    /** {@code taskfleet.topic-prefix}. */
    public static final String TOPIC_PREFIX = TopicNames.DEFAULT_PREFIX;

    /** {@code taskfleet.tier-order}, as SmallRye reads a list: comma-separated, cheapest first. */
    public static final String TIER_ORDER = "fast,quality";

    /** {@link #TIER_ORDER} as a list. */
    public static final List<String> TIERS = List.of(TIER_ORDER.split(","));

    /** {@code taskfleet.topics.partitions}. */
    public static final String PARTITIONS = "6";

    /** {@code taskfleet.topics.replication-factor}: one broker on a laptop; production sets 3. */
    public static final String REPLICATION_FACTOR = "1";

    /** {@code taskfleet.task-limits.max-prompt-chars}. */
    public static final String MAX_PROMPT_CHARS = "" + TaskLimits.DEFAULT_MAX_PROMPT_CHARS;

    /** {@code taskfleet.task-limits.max-labels}. */
    public static final String MAX_LABELS = "" + TaskLimits.DEFAULT_MAX_LABELS;

    /** {@code taskfleet.task-limits.max-label-chars}. */
    public static final String MAX_LABEL_CHARS = "" + TaskLimits.DEFAULT_MAX_LABEL_CHARS;

    private FleetDefaults() {
    }
}
