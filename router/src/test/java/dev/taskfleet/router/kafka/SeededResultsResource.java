package dev.taskfleet.router.kafka;

import static dev.taskfleet.testkit.ResultBuilder.aResult;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test broker with results already on the results topic before the router starts: the
 * record adaptive routing must rebuild from Kafka, as after a restart. {@value #SEEDED_TYPE}
 * tasks succeeded {@value #SEEDED_SUCCESSES} times out of {@value #SEEDED_SAMPLES} on fast a
 * few minutes ago, one result is published twice (a duplicate that must not count), and
 * {@value #STALE_TYPE} failed on fast long before the window.
 */
public class SeededResultsResource extends KafkaTestResource {

    static final String PREFIX = "router-adaptive";
    static final String SEEDED_TYPE = "refactor";
    static final int SEEDED_SAMPLES = 12;
    static final int SEEDED_SUCCESSES = 3;
    static final String STALE_TYPE = "summarize";

    @Override
    public void init(Map<String, String> initArgs) {
        super.init(Map.of(TOPIC_PREFIX_ARG, PREFIX));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        String bootstrap = config.get("kafka.bootstrap.servers");
        String topic = new TopicNames(PREFIX).results();
        KafkaTestClients.createTopics(bootstrap, 3, List.of(topic));
        Instant recent = Instant.now().minusSeconds(300);
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < SEEDED_SAMPLES; i++) {
            results.put("seeded-" + i, EventCodec.encode(result("seeded-" + i, SEEDED_TYPE, i < SEEDED_SUCCESSES, recent)));
        }
        Instant stale = Instant.now().minusSeconds(6 * 3600);
        for (int i = 0; i < 20; i++) {
            results.put("stale-" + i, EventCodec.encode(result("stale-" + i, STALE_TYPE, false, stale)));
        }
        KafkaTestClients.sendAll(bootstrap, topic, results);
        // At least once: the same result again, which must not count twice.
        KafkaTestClients.send(bootstrap, topic, "seeded-0", results.get("seeded-0"));
        return config;
    }

    static TaskResult result(String id, String type, boolean succeeded, Instant finishedAt) {
        ResultBuilder result = aResult().taskId(id).batch("batch-seeded").type(type).model("small-1").output("ok")
                .tokens(10, 10).cost(0.0001).latencyMs(50).worker("worker-fast-1").finishedAt(finishedAt)
                .submittedAt(finishedAt.minusSeconds(1));
        return (succeeded ? result : result.failed("OUTPUT_REJECTED", "bad answer")).build();
    }
}
