package dev.taskfleet.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * What the broker refused this process, kept for its health checks and logged once each.
 *
 * <p>A refusal never passes by itself: the ACL is missing or the service is pointed at a resource
 * that is not its own, and every retry is refused the same way. So each distinct refusal is
 * logged once, as one line naming principal, operation and resource, rather than once per
 * record, and stays recorded until the process ends; the services' liveness checks read
 * {@link #reason()} and go DOWN with it, so the pod restarts (taking up rotated credentials and
 * changed ACLs) and its status says which right is missing.
 *
 * <p>One per JVM ({@link #jvm()}), because Kafka creates a {@link RefusalReporter} by class name
 * and gives it no other way to reach the service; a service is one JVM, and one principal: it says
 * which with {@link #actingAs} once its settings are made, and refusals of clients that do not know
 * their own principal (an admin client, a follower's consumer) name that one. Thread-safe.
 */
public final class AccessRefusals {

    private static final Logger LOG = Logger.getLogger(AccessRefusals.class);
    private static final AccessRefusals JVM = new AccessRefusals();

    private final Set<AccessRefusal> recorded = ConcurrentHashMap.newKeySet();
    private volatile String principal = "this service's principal";

    AccessRefusals() {
    }

    /** This process's refusals. */
    public static AccessRefusals jvm() {
        return JVM;
    }

    /** The principal this process's clients are ({@link KafkaClientSettings#principal()}). */
    public void actingAs(String principal) {
        this.principal = principal;
    }

    /** Records the refusals of a client of this process's principal; see {@link #record(Throwable, String, String)}. */
    public boolean record(Throwable failure, String operation) {
        return record(failure, operation, principal);
    }

    /**
     * Records the refusals {@code failure} stands for ({@link AccessRefusal#of}), logging each new one.
     *
     * @return whether {@code failure} was a refusal (so the caller need not log it again)
     */
    public boolean record(Throwable failure, String operation, String principal) {
        List<AccessRefusal> refusals = AccessRefusal.of(failure, operation, principal);
        for (AccessRefusal refusal : refusals) {
            if (recorded.add(refusal)) {
                LOG.errorf("%s: the service lacks this ACL, or is configured to use a resource that is not its own "
                        + "(the rights each service needs: helm/taskfleet/README.md#kafka-acls)", refusal.describe());
            }
        }
        return !refusals.isEmpty();
    }

    /** Every refusal recorded so far. */
    public Set<AccessRefusal> refusals() {
        return Set.copyOf(recorded);
    }

    /** The refusals as one sentence for a health check, or empty while there are none. */
    public Optional<String> reason() {
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(recorded.stream().map(AccessRefusal::describe).sorted().collect(Collectors.joining("; ")));
    }
}
