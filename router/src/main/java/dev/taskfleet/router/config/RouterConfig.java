package dev.taskfleet.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every {@code taskfleet.*} setting the router reads; the README's configuration table lists
 * the same keys. Quarkus and SmallRye settings live in {@code application.properties}.
 */
@ConfigMapping(prefix = "taskfleet")
public interface RouterConfig {

    /**
     * Prefix of every topic name: the router reads {@code <prefix>.tasks},
     * {@code <prefix>.escalations} and {@code <prefix>.results}, and writes
     * {@code <prefix>.tasks.<tier>}, {@code <prefix>.results} and {@code <prefix>.dlq}.
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

    /** Settings of the router alone. */
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

        /**
         * The routing policy file (YAML: tiers, rules, heuristic thresholds, team caps, adaptive
         * routing). When unset, the policy bundled with the router, adapted to
         * {@code taskfleet.tier-order}. A file with a mistake stops start-up with
         * {@code <file>:<line>: <problem>}.
         */
        Optional<Path> policyFile();

        /**
         * This router's name, unique among the routers of one fleet and stable across its
         * restarts: it makes the Kafka {@code transactional.id} ({@code <prefix>-router-<instance-id>}),
         * so a restarted router fences its previous self and aborts the transaction it left
         * open, and it is the {@code workerId} of the results the router writes. When unset, the
         * host name (the pod name in Kubernetes; use a StatefulSet for names that survive a
         * rescheduling).
         */
        Optional<String> instanceId();
    }
}
