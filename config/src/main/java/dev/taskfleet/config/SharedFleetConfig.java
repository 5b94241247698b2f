package dev.taskfleet.config;

import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TopicNames;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code taskfleet.*} keys every service reads, declared once with their defaults. Each
 * service's own {@code @ConfigMapping(prefix = FleetKeys.PREFIX)} root extends this interface and
 * adds its own keys, so a change here reaches the producer, the router and the worker alike and
 * the key names stay what the launcher, Helm values and docs pass.
 */
public interface SharedFleetConfig {

    /**
     * Prefix of every topic name ({@link TopicNames}), so several fleets can share a cluster:
     * {@code <prefix>.tasks}, {@code <prefix>.tasks.<tier>}, {@code <prefix>.escalations},
     * {@code <prefix>.results}, {@code <prefix>.batches}, {@code <prefix>.dlq}.
     */
    @WithDefault(FleetDefaults.TOPIC_PREFIX)
    String topicPrefix();

    /**
     * The fleet's tiers, cheapest first: escalation climbs this order, the router routes only to
     * these, a task's tier hint and a worker's tier must name one of them.
     */
    @WithDefault(FleetDefaults.TIER_ORDER)
    List<String> tierOrder();

    /** Shape of the topics a service creates at start-up; existing topics are left as they are. */
    Topics topics();

    /**
     * What a single task may contain. The producer enforces it on submission, the router and the
     * worker again on every record they read, so a record that reaches a topic by other means is
     * held to the rules submitters are, and a limit raised fleet-wide is raised everywhere.
     */
    TaskLimitSettings taskLimits();

    /**
     * Kafka credentials kept in files (a mounted Secret, the local fleet's run directory) rather
     * than in {@code kafka.sasl.jaas.config}; every other Kafka client setting is a {@code kafka.*} key.
     */
    KafkaCredentialFiles kafka();

    /** The topic names derived from {@link #topicPrefix()}. */
    default TopicNames topicNames() {
        return new TopicNames(topicPrefix());
    }

    /** {@link #taskLimits()} with {@link #tierOrder()}: what a task is validated against. */
    default TaskLimits validationLimits() {
        TaskLimitSettings limits = taskLimits();
        return new TaskLimits(tierOrder(), limits.maxPromptChars(), limits.maxLabels(), limits.maxLabelChars());
    }

    /** Shape of the topics a service creates at start-up. */
    interface Topics {

        /** Partitions of each created topic: the most consumers of one group that can work a topic in parallel. */
        @WithDefault(FleetDefaults.PARTITIONS)
        int partitions();

        /** Copies of each partition: 1 on a laptop, 3 in production. */
        @WithDefault(FleetDefaults.REPLICATION_FACTOR)
        short replicationFactor();
    }

    /** What a single task may contain; longer or larger tasks are refused (producer) or dead-lettered. */
    interface TaskLimitSettings {

        /** Longest prompt accepted, in characters. */
        @WithDefault(FleetDefaults.MAX_PROMPT_CHARS)
        int maxPromptChars();

        /** Most labels on one task. */
        @WithDefault(FleetDefaults.MAX_LABELS)
        int maxLabels();

        /** Longest label key or value, in characters. */
        @WithDefault(FleetDefaults.MAX_LABEL_CHARS)
        int maxLabelChars();
    }

    /** Kafka credentials in files; each service turns them into the login of all its Kafka clients. */
    interface KafkaCredentialFiles {

        /** The SASL login; unset, {@code kafka.sasl.jaas.config} (or nothing) decides. */
        Sasl sasl();

        /** A user name and password file (SCRAM or PLAIN), or one file with the whole JAAS line. */
        interface Sasl {

            /** A file holding the SASL user name. */
            Optional<Path> usernameFile();

            /** A file holding that user's password; its content is never logged. */
            Optional<Path> passwordFile();

            /** A file holding the whole {@code sasl.jaas.config} line, as Strimzi's user Secrets have it. */
            Optional<Path> jaasConfigFile();
        }
    }
}
