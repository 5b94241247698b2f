package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TierRouting;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.TopicCollector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reading what the router wrote, for the router's integration tests. */
final class RouterRecords {

    private RouterRecords() {
    }

    static List<String> routedIds(TopicCollector collector) {
        return collector.records().stream().map(r -> routed(r).task().id()).toList();
    }

    static List<RoutedTask> routedOf(TopicCollector collector, String taskId) {
        return collector.records().stream().map(RouterRecords::routed).filter(r -> taskId.equals(r.task().id())).toList();
    }

    static List<ConsumerRecord<String, String>> recordsOf(TopicCollector collector, String taskId) {
        return collector.records().stream().filter(r -> taskId.equals(routed(r).task().id())).toList();
    }

    static List<TaskResult> resultsOf(TopicCollector collector, String taskId) {
        return collector.records().stream().filter(r -> taskId.equals(r.key())).map(RouterRecords::result).toList();
    }

    static List<String> keys(TopicCollector collector) {
        return collector.records().stream().map(ConsumerRecord::key).toList();
    }

    static RoutedTask routed(ConsumerRecord<String, String> record) {
        return Events.decode(record, RoutedTask.class);
    }

    static TaskResult result(ConsumerRecord<String, String> record) {
        return Events.decode(record, TaskResult.class);
    }

    /** The ROUTED events of {@code batchId} in {@code batches}, in the order they were written. */
    static List<BatchEvent> routingOf(TopicCollector batches, String batchId) {
        return batches.records().stream().filter(r -> batchId.equals(r.key()))
                .map(r -> Events.decode(r, BatchEvent.class))
                .filter(e -> e.type() == BatchEvent.Type.ROUTED).toList();
    }

    /** What the ROUTED events of {@code batchId} say per tier, summed over all of them. */
    static Map<String, TierRouting> tiersOf(TopicCollector batches, String batchId) {
        Map<String, TierRouting> sum = new TreeMap<>();
        routingOf(batches, batchId).forEach(e -> e.tiers().forEach((tier, counts) -> sum.merge(tier, counts,
                TierRouting::plus)));
        return sum;
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    static double counterValue(String prometheusText, String series) {
        Optional<String> line = prometheusText.lines().filter(l -> l.startsWith(series + " ")).findFirst();
        assertThat(line).as("series %s", series).isPresent();
        return Double.parseDouble(line.get().substring(series.length() + 1).trim());
    }
}
