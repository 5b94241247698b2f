package dev.taskfleet.config;

/**
 * Names of the shared keys that code outside the services sets: the launcher passes them on
 * every service's command line, the test kit gives a service under test its own topics.
 * {@code SharedFleetConfigTest} checks that each one is the key {@link SharedFleetConfig} reads.
 */
public final class FleetKeys {

    /** The namespace of every service's own settings: each service's mapping root has this prefix. */
    public static final String PREFIX = "taskfleet";

    /** See {@link SharedFleetConfig#topicPrefix()}. */
    public static final String TOPIC_PREFIX = PREFIX + ".topic-prefix";

    /** See {@link SharedFleetConfig#tierOrder()}. */
    public static final String TIER_ORDER = PREFIX + ".tier-order";

    private FleetKeys() {
    }
}
