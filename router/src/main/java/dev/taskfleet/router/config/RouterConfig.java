package dev.taskfleet.router.config;

import dev.taskfleet.config.FleetKeys;
import dev.taskfleet.config.SharedFleetConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code taskfleet.*} setting the router reads: the keys every service shares (inherited;
 * the router reads {@code <prefix>.tasks}, the teams' inbox lanes {@code <prefix>.inbox.<team>},
 * {@code <prefix>.escalations} and {@code <prefix>.results},
 * writes {@code <prefix>.tasks.<tier>} for each tier of the tier order, and dead-letters tasks over
 * the task limits) and the router's own. {@code ConfigurationTableTest} checks the README's
 * configuration table against it; Quarkus and SmallRye settings live in {@code application.properties}.
 */
@ConfigMapping(prefix = FleetKeys.PREFIX)
public interface RouterConfig extends SharedFleetConfig {

    /** Settings of the router alone. */
    Router router();

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

        /** Lanes: one topic per tier and team, so each team's tasks can be read apart from the others'. */
        Lanes lanes();

        /** How many records one exactly-once forwarding transaction takes before it commits. */
        Transaction transaction();
    }

    /**
     * One forwarding transaction reads over several polls and commits its outputs, tallies and input
     * offsets together once it holds {@code max-records} inputs or has been open {@code max-time}.
     * Each commit costs the broker a marker on every partition written, so larger transactions
     * forward more per CPU second; read_committed readers see a transaction's records when it commits.
     */
    interface Transaction {

        /**
         * The most input records one transaction takes (it may exceed this by the rest of its last
         * poll, at most {@code kafka.max.poll.records}). An abort reads them all again.
         */
        @WithDefault("5000")
        int maxRecords();

        /**
         * The longest a transaction stays open after its first record: a record forwarded waits at
         * most about this long to reach read_committed readers. {@code 0} commits after every poll.
         */
        @WithDefault("100ms")
        Duration maxTime();
    }

    /** Where the router places a task on its tier: the tier topic alone, or the team's lane of it. */
    interface Lanes {

        /**
         * {@code true}: each task goes to its team's lane {@code <prefix>.tasks.<tier>.<team>},
         * created on first use with the tier topic's partition count. {@code false}: every task of
         * a tier goes to {@code <prefix>.tasks.<tier>}, first in, first out, as before lanes.
         * Workers read the tier topic and its lanes either way, so the switch can be flipped
         * without restarting them.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * The most lanes the router creates on one tier; the tasks of further teams go to the
         * tier topic, which all of them then share. Bounds the topics (and partitions) a burst of
         * new teams can create.
         */
        @WithDefault("64")
        int maxPerTier();
    }
}
