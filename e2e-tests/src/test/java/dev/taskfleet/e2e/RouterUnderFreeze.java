package dev.taskfleet.e2e;

import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ProcessSignals;
import dev.taskfleet.testkit.TestBrokers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The router's transaction and consumer group as the broker sees them (Admin API), for freezing the
 * router inside an open transaction and observing that the broker gave up on it: the coordinator
 * aborted the transaction (its timeout passed) and the group lost the member (its session timeout
 * passed).
 */
final class RouterUnderFreeze implements AutoCloseable {

    private static final String GROUP = "taskfleet-router";
    private final Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestBrokers.shared().bootstrapServers()));
    private final String prefix;
    private final String tierTopic;
    private final GroupMembers routerGroup;
    private String transactionalId;

    RouterUnderFreeze(String prefix, String tasksTopic, String tierTopic) {
        this.prefix = prefix;
        this.tierTopic = tierTopic;
        this.routerGroup = new GroupMembers(TestBrokers.shared().bootstrapServers(), GROUP, tasksTopic);
    }

    /** The transaction of this fleet's router ({@code <prefix>-router-<instance id>}), once it has one. */
    Optional<TransactionDescription> transaction() throws ExecutionException, InterruptedException {
        if (transactionalId == null) {
            transactionalId = admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
                    .filter(candidate -> candidate.startsWith(prefix + "-router-")).findFirst().orElse(null);
            if (transactionalId == null) {
                return Optional.empty();
            }
        }
        return Optional.of(admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get());
    }

    /** Whether the router's transaction is open with output on the tier topic. */
    boolean openOnTheTier(Optional<TransactionDescription> transaction) {
        return transaction.filter(t -> t.state() == TransactionState.ONGOING)
                .map(t -> t.topicPartitions().stream().anyMatch(p -> p.topic().equals(tierTopic))).orElse(false);
    }

    /**
     * Freezes the router if its transaction is open on the tier topic and still is once it is frozen;
     * returns that transaction, leaving the router frozen, or empty (the router running).
     */
    Optional<TransactionDescription> freezeInsideAnOpenTransaction(ServiceProcess router) throws Exception {
        if (!openOnTheTier(transaction())) {
            return Optional.empty();
        }
        ProcessSignals.freeze(router.handle());
        Optional<TransactionDescription> atFreeze = transaction();
        if (openOnTheTier(atFreeze)) {
            return atFreeze;
        }
        ProcessSignals.thaw(router.handle());
        return Optional.empty();
    }

    /** Whether the coordinator no longer holds {@code open} open: aborted on timeout, the epoch bumped. */
    boolean abortedByTheBroker(TransactionDescription open) throws ExecutionException, InterruptedException {
        TransactionDescription now = transaction().orElseThrow();
        return now.producerEpoch() > open.producerEpoch() || now.state() == TransactionState.PREPARE_ABORT
                || now.state() == TransactionState.COMPLETE_ABORT;
    }

    /**
     * The tier topic's last stable offset per partition: below it, every transaction is decided,
     * so a read_committed reader that has reached it has seen all that was committed so far.
     */
    Map<TopicPartition, Long> tierLastStableOffsets() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(tierTopic)).allTopicNames().get()
                .get(tierTopic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(tierTopic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Members of the router's group that hold partitions of this fleet's tasks topic. */
    long groupMembers() throws ExecutionException, InterruptedException {
        return routerGroup.count();
    }

    @Override
    public void close() {
        routerGroup.close();
        admin.close();
    }
}
