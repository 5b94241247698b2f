package dev.taskfleet.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.KafkaTestResource;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task's call slot is free once its calls end, before Kafka acknowledges its result; at most as
 * many tasks again wait for the acknowledgement. The results producer's acknowledgements are held
 * back ({@link HeldAcknowledgements}) while five tasks arrive at a worker with two call slots.
 */
@QuarkusTest
@TestProfile(CallSlotKafkaTest.TwoSlotsAcknowledgementsHeld.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPIC_PREFIX_ARG, value = CallSlotKafkaTest.PREFIX))
class CallSlotKafkaTest {

    static final String PREFIX = "call-slot-test";
    private static final int TASKS = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    public static class TwoSlotsAcknowledgementsHeld implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "taskfleet.worker.max-in-flight", "2",
                    "taskfleet.tiers.fast.simulated.latency-median", "PT0.01S",
                    "taskfleet.tiers.fast.simulated.failure-rate", "0",
                    "mp.messaging.outgoing.results.interceptor.classes",
                    "dev.taskfleet.kafka.RefusalReporter," + HeldAcknowledgements.class.getName(),
                    "quarkus.http.test-port", "0");
        }
    }

    @Inject
    InFlightLimiter limiter;

    @Inject
    FairIntake intake;

    /** The worker's own topic names: another test class's unrestricted resource may set the prefix. */
    @Inject
    TopicNames topics;

    private final String bootstrap = TestBrokers.shared().bootstrapServers();

    @AfterEach
    void letAcknowledgementsThrough() {
        HeldAcknowledgements.letThrough();
    }

    @Test
    void callsGoOnWhileResultsWaitForKafkaUpToTwiceTheSlots() {
        HeldAcknowledgements.hold();
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < TASKS; i++) {
            records.put(batch + "-" + i, EventCodec.encode(
                    TaskBuilder.task().id(batch + "-" + i).batch(batch).type("refactor").routedTo("fast")));
        }

        try (ResultsCollector results = new ResultsCollector(bootstrap, topics.results())) {
            KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);

            // Two slots, none acknowledged: four tasks called and wait for Kafka, the fifth for a slot.
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(limiter.inFlight()).as("tasks holding a permit").isEqualTo(2 * limiter.limit());
                assertThat(limiter.calling()).as("tasks calling").isZero();
                assertThat(intake.waiting()).as("tasks waiting for a slot").isEqualTo(TASKS - 2 * limiter.limit());
            });
            assertThat(limiter.maxObserved()).as("calls at once").isLessThanOrEqualTo(limiter.limit());

            HeldAcknowledgements.letThrough();

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS && limiter.inFlight() == 0);
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
        }
    }
}
