package dev.taskfleet.launcher.fleet;

/**
 * The fixed ports of {@code taskfleet local} and {@code demo}, which are also the services' own
 * defaults in their {@code application.properties}: so a service started by hand next to a local
 * broker finds it, and the CLI finds the producer, without being told.
 */
public final class LocalPorts {

    public static final int BROKER = 19092;
    public static final int CONTROLLER = 19093;
    public static final int PRODUCER = 8080;
    public static final int ROUTER = 8081;
    /** The worker of the first tier; the worker of the tier at index {@code i} listens on this + {@code i}. */
    public static final int FIRST_WORKER = 8082;

    /** {@code localhost:} {@link #BROKER}: the services' default {@code kafka.bootstrap.servers}. */
    public static final String BOOTSTRAP_SERVERS = "localhost:" + BROKER;

    private LocalPorts() {
    }

    /** The port of the first worker of the tier at {@code tierIndex} in the tier order. */
    public static int worker(int tierIndex) {
        return FIRST_WORKER + tierIndex;
    }
}
