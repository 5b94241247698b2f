package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka does not answer one call of a batch tier's consumer in time, as when a broker restarts: the
 * loop closes its clients and starts over with new ones, and every task still ends in one provider
 * batch with one result, instead of the loop stopping until the pod is restarted (which nothing
 * does under {@code taskfleet local}). The real broker and a scripted Batch API on localhost; the
 * one unanswered call is the consumer's, made to throw Kafka's own {@link TimeoutException}:
 * <ul>
 *   <li>{@code position}: first called inside the first transaction, with the gathered tasks sealed
 *       into a provider batch and their offsets not committed, so the new clients must read them again
 *       and gather them into one provider batch;</li>
 *   <li>{@code endOffsets}: called in the rebalance callback when the provider-batch partitions
 *       are assigned, so the failure comes out of {@code poll} wrapped in another exception.</li>
 * </ul>
 */
class BatchTierStartsOverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int TASKS = 3;

    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final BatchTierWorkers workers = BatchTierWorkers.onSharedBroker("batch-starts-over", TASKS);

    @AfterEach
    void stop() throws InterruptedException {
        workers.stopAll();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"position", "endOffsets"})
    void aCallKafkaDoesNotAnswerInTimeMakesTheLoopStartOverAndEveryTaskEndsOnce(String unanswered) throws Exception {
        BatchTierWorkers.Provider provider = BatchTierWorkers.openAi(server);
        ScriptedBatches batches = provider.scripted();
        workers.createTopics();
        String batch = "batch-" + UUID.randomUUID();
        Map<String, String> records = BatchTierWorkers.routedTasks(batch, TASKS, "rename");
        UnansweredOnce clients = new UnansweredOnce(unanswered);

        try (ResultsCollector results = new ResultsCollector(workers.bootstrap(), workers.topics().results())) {
            BatchTierLoop loop = workers.start(provider, "pod-a", clients::around);
            workers.send(records);

            await().atMost(PATIENCE).until(() -> results.countOfBatch(batch) >= TASKS);
            assertThat(clients.unanswered).as("calls of %s left unanswered", unanswered).hasValue(1);
            assertThat(clients.consumersMade).as("consumers: the first, and the one the loop started over with")
                    .hasValue(2);
            assertThat(loop.isRunning()).isTrue();
            assertThat(loop.failure()).isNull();
            assertThat(results.duplicateTaskIds()).isEmpty();
            assertThat(results.resultsOfBatch(batch)).hasSize(TASKS)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED));
            assertThat(batches.batchesCreated()).isEqualTo(1);
            for (int i = 0; i < TASKS; i++) {
                assertThat(batches.timesSubmitted("rename " + i + " " + batch)).as("request %d", i).isEqualTo(1);
            }
        }
    }

    /** The worker's own clients, except that the first consumer's first call of one method times out. */
    private static final class UnansweredOnce {

        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger consumersMade = new AtomicInteger();
        private final String method;
        private final Map<Object, Object> realOf = new IdentityHashMap<>();

        UnansweredOnce(String method) {
            this.method = method;
        }

        BatchTierLoop.Clients around(BatchTierLoop.Clients worker) {
            return new BatchTierLoop.Clients() {
                @Override
                public Consumer<byte[], byte[]> consumer() {
                    Consumer<byte[], byte[]> real = worker.consumer();
                    if (consumersMade.incrementAndGet() > 1) {
                        return real;
                    }
                    Consumer<byte[], byte[]> failing = timingOutOnce(real);
                    synchronized (realOf) {
                        realOf.put(failing, real);
                    }
                    return failing;
                }

                @Override
                public Producer<byte[], byte[]> producer() {
                    return worker.producer();
                }

                @Override
                public void closed(Object client) {
                    synchronized (realOf) {
                        worker.closed(realOf.getOrDefault(client, client));
                    }
                }
            };
        }

        @SuppressWarnings("unchecked")
        private Consumer<byte[], byte[]> timingOutOnce(Consumer<byte[], byte[]> real) {
            return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                    new Class<?>[] {Consumer.class}, (proxy, called, args) -> {
                        if (called.getName().equals(method) && unanswered.compareAndSet(0, 1)) {
                            throw new TimeoutException("the test's broker did not answer " + method + " in time");
                        }
                        try {
                            return called.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
