package dev.taskfleet.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code taskfleet.*} setting the router reads; the README's configuration table lists
 * the same keys. Quarkus and SmallRye settings live in {@code application.properties}.
 */
@ConfigMapping(prefix = "taskfleet")
public interface RouterConfig {

    /**
     * Prefix of every topic name: the router reads {@code <prefix>.tasks} and writes
     * {@code <prefix>.tasks.<tier>} and {@code <prefix>.dlq}. The channel topics in
     * {@code application.properties} repeat this default.
     */
    @WithDefault("taskfleet")
    String topicPrefix();

    /** The fleet's tiers, cheapest first. A task is only ever routed to one of these. */
    @WithDefault("fast,quality")
    List<String> tierOrder();

    /** Shape of the topics the router creates. */
    Topics topics();

    /** The limits every task is held to; the producer enforces the same keys on submission. */
    TaskLimits taskLimits();

    /** The rule set. */
    Router router();

    /** Shape of the topics a service creates at start-up; existing topics are left as they are. */
    interface Topics {

        /** Partitions of each created topic; the upper bound on consumers working one topic in parallel. */
        @WithDefault("6")
        int partitions();

        /** Replication factor of each created topic (1 on a laptop, 3 in production). */
        @WithDefault("1")
        short replicationFactor();
    }

    /**
     * What a single task may contain. Shared keys with the producer, so a record that reaches
     * the tasks topic by other means is held to the rules submitters are.
     */
    interface TaskLimits {

        /** Longest prompt accepted, in characters; longer tasks are dead-lettered. */
        @WithDefault("100000")
        int maxPromptChars();

        /** Most labels on one task. */
        @WithDefault("32")
        int maxLabels();

        /** Longest label key or value, in characters. */
        @WithDefault("256")
        int maxLabelChars();
    }

    /** Settings that belong to the router alone. */
    interface Router {

        /** The tier of a task no rule places; when unset, the first (cheapest) tier of the tier order. */
        Optional<String> defaultTier();

        /**
         * Type keywords per tier ({@code taskfleet.router.keywords.<tier>=a,b,c}). A configured
         * list replaces the built-in list of that tier; built-in lists exist for {@code fast}
         * and {@code quality}. Naming a tier that is not in the tier order fails start-up.
         */
        Map<String, List<String>> keywords();
    }
}
