package dev.taskfleet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates the topics a service needs before it uses them, so the fleet never relies on broker
 * auto-creation (which is off in any well-run cluster and would pick the wrong partition count).
 *
 * <p>Idempotent: several services, or several replicas of one, may provision the same topics at
 * once; a topic that already exists is left as it is. An existing topic with fewer partitions
 * than asked for is reported with a warning rather than changed, because adding partitions
 * moves keys between partitions and is an operator's decision.
 *
 * <p>The caller owns the {@link Admin} client and closes it.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Makes sure every topic exists.
     *
     * @return the names of the topics this call created (empty when all existed)
     * @throws TopicProvisioningException when the cluster cannot be reached in time or refuses a topic
     */
    public List<String> ensure(Collection<TopicSpec> topics) {
        List<NewTopic> requested = topics.stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                .toList();
        List<String> created = new ArrayList<>();
        Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(requested).values();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry : results.entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException
                        || cause instanceof PolicyViolationException) {
                    // Secured clusters often have topics created by an operator and services
                    // without CREATE rights: go on, and fail below only if the topic is missing.
                    LOG.warnf("may not create topic %s (%s); expecting it to exist already",
                            entry.getKey(), cause.getClass().getSimpleName());
                } else if (!(cause instanceof TopicExistsException)) {
                    throw new TopicProvisioningException("could not create topic " + entry.getKey() + ": "
                            + cause.getMessage(), cause);
                }
            } catch (TimeoutException e) {
                throw new TopicProvisioningException("no answer from Kafka within " + timeout
                        + " while creating topic " + entry.getKey() + "; is the broker reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while creating topic " + entry.getKey(), e);
            }
        }
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }
        awaitReadyAndCheckShape(topics);
        return created;
    }

    /**
     * Waits until every topic is visible with a leader on each partition, then warns about
     * topics smaller than configured. A topic that was just created, by this call or by another
     * service starting at the same moment, may not be described yet, and a producer writing to
     * a partition before its leader is known can trip over leadership changes: so wait here,
     * once, rather than in every client.
     */
    private void awaitReadyAndCheckShape(Collection<TopicSpec> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> names = topics.stream().map(TopicSpec::name).toList();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                if (described.values().stream().allMatch(TopicProvisioner::everyPartitionHasALeader)) {
                    warnAboutSmallerTopics(topics, described);
                    return;
                }
            } catch (ExecutionException e) {
                if (AccessRefusals.jvm().record(e.getCause(), "DESCRIBE")) {
                    throw new TopicProvisioningException("may not describe topics " + names + ": "
                            + AccessRefusals.jvm().reason().orElseThrow(), e.getCause());
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new TopicProvisioningException("could not describe topics " + names + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw notReady(names, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("interrupted while waiting for topics " + names, e);
            }
            if (System.nanoTime() >= deadline) {
                throw notReady(names, null);
            }
            pause();
        }
    }

    private TopicProvisioningException notReady(List<String> names, Throwable cause) {
        return new TopicProvisioningException("topics " + names + " did not all exist with partition leaders within "
                + timeout, cause);
    }

    private static boolean everyPartitionHasALeader(TopicDescription description) {
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void pause() {
        try {
            // Metadata propagates in milliseconds on a healthy cluster; a short fixed pause
            // between describe calls keeps this loop from hammering the controller.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while waiting for topics", e);
        }
    }

    private static void warnAboutSmallerTopics(Collection<TopicSpec> topics, Map<String, TopicDescription> described) {
        for (TopicSpec spec : topics) {
            TopicDescription description = described.get(spec.name());
            if (description != null && description.partitions().size() < spec.partitions()) {
                LOG.warnf("topic %s has %d partitions but %d are configured; it is left as it is",
                        spec.name(), description.partitions().size(), spec.partitions());
            }
        }
    }
}
