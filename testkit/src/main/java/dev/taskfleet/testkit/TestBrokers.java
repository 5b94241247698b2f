package dev.taskfleet.testkit;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * Hands out the broker a test JVM uses. One broker is shared by all tests in a JVM (each module's
 * tests run in their own JVM) and closed when the JVM exits; tests isolate themselves with
 * their own topic prefix or ids rather than their own broker, which keeps a module's test run
 * to one broker start.
 *
 * <p>The switch: {@code -Dtaskfleet.test.broker=testcontainers} (or the environment variable
 * {@code TASKFLEET_TEST_BROKER=testcontainers}) runs the same tests against an
 * {@code apache/kafka} container. Without Docker that request is skipped with a warning and
 * the embedded broker is used, so the suite never depends on Docker.
 */
public final class TestBrokers {

    public static final String SWITCH_PROPERTY = "taskfleet.test.broker";
    private static final Logger LOG = Logger.getLogger(TestBrokers.class.getName());

    private static KafkaBroker shared;

    private TestBrokers() {
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = startRequested();
            KafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-shutdown"));
            LOG.info("tests use " + broker.description());
        }
        return shared;
    }

    /** Which broker the switch asks for: {@code embedded} (the default) or {@code testcontainers}. */
    public static String requestedKind() {
        String value = System.getProperty(SWITCH_PROPERTY, System.getenv("TASKFLEET_TEST_BROKER"));
        return value == null || value.isBlank() ? "embedded" : value.trim().toLowerCase(Locale.ROOT);
    }

    static KafkaBroker startRequested() {
        String kind = requestedKind();
        switch (kind) {
            case "embedded":
                return EmbeddedKafkaBroker.start();
            case "testcontainers":
                if (ContainerKafkaBroker.dockerAvailable()) {
                    return ContainerKafkaBroker.start();
                }
                LOG.warning("taskfleet.test.broker=testcontainers but no Docker engine answers; using the embedded broker");
                return EmbeddedKafkaBroker.start();
            default:
                throw new IllegalArgumentException(SWITCH_PROPERTY + "=" + kind
                        + " is not known; use 'embedded' or 'testcontainers'");
        }
    }
}
