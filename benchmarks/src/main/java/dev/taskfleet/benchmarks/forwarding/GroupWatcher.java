package dev.taskfleet.benchmarks.forwarding;

import dev.taskfleet.benchmarks.ProcessSampler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Polls a consumer group's committed offsets on the input topic every 100 ms until they reach
 * the number of pre-loaded records, and measures the forwarder's and the broker's CPU from the
 * first commit seen to the last, so CPU per record leaves start-up out.
 */
final class GroupWatcher {

    private static final long INTERVAL_MS = 100;

    private GroupWatcher() {
    }

    /**
     * @throws IllegalStateException if the committed offsets do not move for {@code stallTimeout}
     *                               or the forwarder reports a failure
     */
    static ForwardingMeasurement.CpuWindow await(String bootstrapServers, String group, String inputTopic, long expected,
                                                 long forwarderPid, long brokerPid, Duration stallTimeout,
                                                 Runnable failureCheck) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ProcessSampler forwarder = null;
            ProcessSampler broker = null;
            long firstSeen = 0;
            long last = 0;
            Instant progress = Instant.now();
            try {
                while (true) {
                    failureCheck.run();
                    long committed = committed(admin, group, inputTopic);
                    if (committed > 0 && forwarder == null) {
                        forwarder = ProcessSampler.start(forwarderPid);
                        broker = ProcessSampler.start(brokerPid);
                        firstSeen = committed;
                    }
                    if (committed >= expected) {
                        return new ForwardingMeasurement.CpuWindow(forwarder.cpuTicksSinceStart(),
                                broker.cpuTicksSinceStart(), committed - firstSeen);
                    }
                    if (committed != last) {
                        last = committed;
                        progress = Instant.now();
                    } else if (Duration.between(progress, Instant.now()).compareTo(stallTimeout) > 0) {
                        throw new IllegalStateException(group + " committed " + committed + " of " + expected
                                + " and nothing more for " + stallTimeout.toSeconds() + " s");
                    }
                    TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
                }
            } finally {
                if (forwarder != null) {
                    forwarder.close();
                    broker.close();
                }
            }
        }
    }

    private static long committed(Admin admin, String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (ExecutionException e) {
            // The group does not exist until the forwarder first commits.
            return 0;
        }
    }
}
