package dev.taskfleet.producer.config;

import dev.taskfleet.config.FleetKeys;
import dev.taskfleet.config.SharedFleetConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code taskfleet.*} setting the producer reads: the keys every service shares (inherited;
 * the producer writes {@code <prefix>.tasks} and validates a task's {@code tierHint} against the
 * tier order) and the producer's own. {@code ConfigurationTableTest} checks the README's
 * configuration table against it.
 */
@ConfigMapping(prefix = FleetKeys.PREFIX)
public interface FleetConfig extends SharedFleetConfig {

    /** Settings of the producer service itself. */
    Producer producer();

    /** Who may call the REST API, and as which team. */
    Auth auth();

    /** Limits every team gets unless {@link #teams()} overrides them. */
    TeamDefaults teamDefaults();

    /** Per-team overrides of {@link #teamDefaults()}, keyed by team name: {@code taskfleet.teams."<team>".*}. */
    Map<String, TeamOverride> teams();

    /** Settings of the producer service itself. */
    interface Producer {

        /**
         * Largest request body of one batch, counted while it streams in. Must stay below
         * {@code quarkus.http.limits.max-body-size}, which start-up checks. The body is streamed,
         * so this bounds an upload, not memory; the default fits the default 100,000 tasks with
         * prompts of about 5,000 characters (the submission benchmark's 100,000 tasks of 200-2,000
         * characters are 113 MiB).
         */
        @WithDefault("512M")
        MemorySize maxBatchBytes();

        /** Most tasks (valid or not) in one batch. */
        @WithDefault("100000")
        int maxTasksPerBatch();

        /**
         * Longest NDJSON line; a longer line is rejected without being held in memory. With the
         * default task limits a valid task fits in well under 1 MiB even with every character escaped.
         */
        @WithDefault("1M")
        MemorySize maxLineBytes();

        /** Most rejected tasks listed in one reply; {@code rejectedCount} always counts all of them. */
        @WithDefault("1000")
        int maxRejectionsReported();

        /** How long start-up waits for Kafka to create or describe the topics before giving up. */
        @WithDefault("30s")
        Duration topicProvisionTimeout();

        /** The readiness check of the broker connection. */
        BrokerCheck brokerCheck();

        /**
         * How long a request waits for the batch tracker to finish reading the batches and
         * results topics after start-up before it is answered 503.
         */
        @WithDefault("10s")
        Duration trackerCatchUpTimeout();

        /** How the batch tracker's reader asks the brokers for records. */
        TrackerFetch trackerFetch();

        /** Checkpoints of the batch tracking, which let a new replica start without reading the whole history. */
        Checkpoints checkpoints();

        /** Inbox lanes: one topic per team (and class) for the router to read, instead of {@code <prefix>.tasks} alone. */
        Lanes lanes();

        /**
         * How far before a batch's ACCEPTED event a retry starts looking for the batch's tasks on
         * {@code <prefix>.tasks} and the team's inbox lanes: the event is written after the last task, so the margin must
         * cover the longest upload.
         */
        @WithDefault("15m")
        Duration retryScanMargin();

        /** Longest gap between two {@code progress} events of {@code GET /batches/{id}/events}. */
        @WithDefault("1s")
        Duration eventsHeartbeat();

        /**
         * How often the producer looks for running batches of teams that have spent a budget, to
         * stop them; with a budget, the overrun is what runs in this time plus the calls already in
         * flight. Unused while no team has a budget.
         */
        @WithDefault("5s")
        Duration budgetCheckInterval();

        /**
         * Where the router answers HTTP: the route preview asks its {@code /api/v1/routing/explain},
         * so the policy has one owner. The default is the router of a local run; the chart sets
         * the router's Service.
         */
        @WithDefault("http://localhost:8081")
        URI routerUrl();
    }

    /** Who may call the REST API, and as which team. */
    interface Auth {

        /** When {@code false} every caller is team {@code default} and no key is asked for. */
        @WithDefault("true")
        boolean enabled();

        /**
         * API keys as {@code team:sha256hex(key)} entries; only hashes are ever configured
         * (env {@code TASKFLEET_AUTH_API_KEY_HASHES}, comma-separated).
         */
        Optional<List<String>> apiKeyHashes();

        /**
         * A file with the same entries, one per line, {@code #} starts a comment; meant for a
         * mounted Kubernetes Secret. Read at start-up.
         */
        Optional<Path> apiKeysFile();
    }

    /** Limits every team gets unless overridden. */
    interface TeamDefaults {

        /** Most tasks in one batch of this team (never above {@code producer.max-tasks-per-batch}). */
        @WithDefault("100000")
        int maxTasksPerBatch();

        /** Longest prompt this team may submit, in characters (never above {@code task-limits.max-prompt-chars}). */
        @WithDefault("100000")
        int maxPromptChars();

        /** Most batches of this team that may be running (not completed, cancelled or stopped at the budget) at once. */
        @WithDefault("20")
        int maxBatchesInFlight();

        /**
         * Most a team may spend in US dollars per UTC day, counted from its results' costs; once
         * reached, new batches are refused and running ones stopped until the day ends. Unset: no
         * daily budget.
         */
        Optional<Double> dailyBudgetUsd();

        /** Most a team may spend in US dollars per UTC month, as {@link #dailyBudgetUsd()}. Unset: none. */
        Optional<Double> monthlyBudgetUsd();

        /**
         * The priority classes a team may use ({@code interactive}, {@code standard}, {@code bulk}); a
         * task naming another is rejected, a batch's {@code ?priority=} naming another refuses the batch.
         */
        @WithDefault("interactive,standard,bulk")
        List<String> priorities();

        /**
         * Tasks of a batch after this many (counted as the body streams in) that name no priority,
         * in a batch submitted without one, are {@code bulk}. Unset: never.
         */
        Optional<Integer> bulkAboveTasks();
    }

    /** One team's overrides; a key left out keeps the team default. */
    interface TeamOverride {

        /** Overrides {@code team-defaults.max-tasks-per-batch}. */
        Optional<Integer> maxTasksPerBatch();

        /** Overrides {@code team-defaults.max-prompt-chars}. */
        Optional<Integer> maxPromptChars();

        /** Overrides {@code team-defaults.max-batches-in-flight}. */
        Optional<Integer> maxBatchesInFlight();

        /** Overrides {@code team-defaults.daily-budget-usd}. */
        Optional<Double> dailyBudgetUsd();

        /** Overrides {@code team-defaults.monthly-budget-usd}. */
        Optional<Double> monthlyBudgetUsd();

        /** Overrides {@code team-defaults.priorities}. */
        Optional<List<String>> priorities();

        /** Overrides {@code team-defaults.bulk-above-tasks}. */
        Optional<Integer> bulkAboveTasks();
    }

    /** How the batch tracker's reader asks the brokers for records (it reads every result of the fleet). */
    interface TrackerFetch {

        /**
         * How many bytes a broker gathers before it answers one of the tracker's fetches (Kafka's
         * {@code fetch.min.bytes}). The tracker reads every result of the fleet; with Kafka's
         * default of one byte a busy fleet is read in many fetches of a few records each, and
         * making and answering fetches was most of the tracker's reading cost.
         */
        @WithDefault("256K")
        MemorySize minBytes();

        /**
         * The longest a broker holds one of the tracker's fetches while {@code min-bytes} has not
         * gathered (Kafka's {@code fetch.max.wait.ms}). It delays what this replica reads of its
         * own writes: a cancel, a retry or an accepted batch is answered once the tracker has read
         * the event, so it stays in tens of milliseconds; an idle tracker asks this often.
         */
        @WithDefault("20ms")
        Duration maxWait();
    }

    /** Where the producer writes a team's tasks: {@code <prefix>.tasks}, or the team's inbox lanes. */
    interface Lanes {

        /**
         * {@code true}: a team's tasks go to its inbox lane {@code <prefix>.inbox.<team>} (with
         * {@code .interactive} or {@code .bulk} for those classes), created on first use like
         * {@code <prefix>.tasks}, so the router reads each team's tasks apart and another team's
         * backlog does not hold them back. {@code false}: every task goes to {@code <prefix>.tasks},
         * first in, first out. The router reads both either way, so the switch can be flipped
         * without restarting it.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * The most inbox lanes (all teams and classes together); the tasks of further teams and
         * classes go to the team's standard lane if it has one, else to {@code <prefix>.tasks}.
         * Bounds the topics a burst of new teams can create. Each replica counts the lanes it
         * knows (the cluster's when it first made one, and its own since), so several replicas
         * making lanes at once may make a few more.
         */
        @WithDefault("64")
        int max();
    }

    /**
     * Each replica writes its whole batch tracking (a snapshot of every batch and the topic
     * positions it reflects) to {@code <prefix>.tracker-checkpoints} now and then; a new replica
     * takes over the newest one and reads {@code batches} and {@code results} on from its
     * positions instead of from the beginning.
     */
    interface Checkpoints {

        /** Whether checkpoints are written and taken over; {@code false} replays the whole history at every start. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often a replica writes one, and once as soon as it has caught up and once when it
         * shuts down. A new replica reads what was written since the newest one, so this bounds
         * its replay by time (about 14 µs of CPU per result on the benchmark machine: two minutes
         * at 1,000 results a second is under 2 s); each is a few hundred bytes per batch retained (by the format, not measured) plus
         * 40 per task still running.
         */
        @WithDefault("2m")
        Duration interval();

        /**
         * Whether this replica writes checkpoints; {@code false} only takes them over: a replica
         * whose principal may not write the topic, or one that must not change what the others
         * start from (the history benchmark's measured replicas).
         */
        @WithDefault("true")
        boolean write();
    }

    /** The readiness check of the broker connection. */
    interface BrokerCheck {

        /** How long one check waits for the broker to describe the cluster. */
        @WithDefault("2s")
        Duration timeout();

        /** How long a check's answer is reused, so frequent probes do not each call the broker. */
        @WithDefault("5s")
        Duration cacheFor();
    }
}
