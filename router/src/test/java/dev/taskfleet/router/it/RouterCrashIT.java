package dev.taskfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.Events;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.TopicCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once proof: the packaged router is killed with SIGKILL while it forwards a stream
 * of tasks, started again, and every task id must be on the tier topics exactly once as a
 * read_committed reader (a worker) sees them: nothing lost, nothing forwarded twice.
 */
class RouterCrashIT {

    private static final int TASKS = 5_000;
    private static final String PREFIX = "router-crash";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final List<String> TIERS = List.of("fast", "quality");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aRouterKilledMidStreamAndRestartedForwardsEveryTaskExactlyOnce() throws Exception {
        String bootstrap = TestBrokers.shared().bootstrapServers();
        // The tier topics too, so the collectors subscribe to topics that exist.
        KafkaTestClients.createTopics(bootstrap, 6, List.of(TOPICS.tasks(), TOPICS.tier(TIERS.get(0)), TOPICS.tier(TIERS.get(1))));
        writeTasks(bootstrap);
        Path log = Files.createTempFile("router-crash-", ".log");
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "taskfleet.topic-prefix", PREFIX,
                // Stable across the restart: the new router fences the killed one and aborts the
                // transaction it left open.
                "taskfleet.router.instance-id", "crash-it",
                // Small transactions, so the kill lands in the middle of the stream.
                "kafka.max.poll.records", "50");

        try (TopicCollector fast = new TopicCollector(bootstrap, TOPICS.tier(TIERS.get(0)));
                TopicCollector quality = new TopicCollector(bootstrap, TOPICS.tier(TIERS.get(1)));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            try (RouterProcess first = RouterProcess.start(settings, log)) {
                await().atMost(WAIT).until(() -> fast.size() + quality.size() > 0);
                first.kill();
            }
            long committedAtKill = committedTasks(admin);
            assertThat(committedAtKill).as("tasks committed when the router was killed").isLessThan(TASKS);

            try (RouterProcess second = RouterProcess.start(settings, log)) {
                await().atMost(WAIT).until(() -> committedTasks(admin) == TASKS);
                // Every output of a committed offset is committed with it: collectors see them all.
                await().atMost(WAIT).until(() -> fast.size() + quality.size() >= TASKS);
                second.close();
            }

            Map<String, Long> copies = Stream.concat(fast.records().stream(), quality.records().stream())
                    .map(record -> Events.decode(record, RoutedTask.class).task().id())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(copies).as("distinct task ids forwarded").hasSize(TASKS);
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList())
                    .as("task ids forwarded more than once").isEmpty();
            assertThat(fast.size() + quality.size()).isEqualTo(TASKS);
        }
    }

    /** A fixed, seeded mix of task types, so both tiers get traffic. */
    private static void writeTasks(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        List<String> types = List.of("code-review", "rename-symbol", "refactor", "lint-fix", "translate");
        Random random = new Random(42);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < TASKS; i++) {
                String id = "crash-" + i;
                String type = types.get(random.nextInt(types.size()));
                producer.send(new ProducerRecord<>(TOPICS.tasks(), id,
                        EventCodec.encode(TaskBuilder.task().id(id).batch("batch-crash").type(type).build())));
            }
            producer.flush();
        }
    }

    /** Offsets the router's group committed on the tasks topic: tasks it has forwarded for good. */
    private static long committedTasks(Admin admin) throws Exception {
        Map<String, Long> byTopic = new HashMap<>();
        admin.listConsumerGroupOffsets("taskfleet-router").partitionsToOffsetAndMetadata().get()
                .forEach((partition, offset) -> {
                    if (partition.topic().equals(TOPICS.tasks()) && offset != null) {
                        byTopic.merge(partition.topic(), offset.offset(), Long::sum);
                    }
                });
        return byTopic.getOrDefault(TOPICS.tasks(), 0L);
    }
}
