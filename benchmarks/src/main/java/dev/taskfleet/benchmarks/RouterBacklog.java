package dev.taskfleet.benchmarks;

import dev.taskfleet.contract.TopicNames;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the router is behind on {@code <prefix>.tasks} and the teams' inbox lanes: the end offsets
 * less its group's committed offsets, summed over the partitions. An upper bound on the tasks not yet
 * routed, as the end offsets also count the transactions' commit markers.
 */
final class RouterBacklog {

    /** The router's consumer group (router's {@code RouterKafkaClients}). */
    private static final String ROUTER_GROUP = "taskfleet-router";

    private RouterBacklog() {
    }

    /** The backlog now, or -1 if it cannot be read (a diagnostic, never a reason to fail a run). */
    static long of(String bootstrapServers, TopicNames topics) {
        Pattern inboxes = topics.inboxes();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ROUTER_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .filter(partition -> partition.topic().equals(topics.tasks())
                            || inboxes.matcher(partition.topic()).matches())
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return -1;
            }
            long backlog = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                backlog += end.getValue().offset() - committed.get(end.getKey()).offset();
            }
            return backlog;
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
