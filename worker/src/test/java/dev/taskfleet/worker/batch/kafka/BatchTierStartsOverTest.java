package dev.taskfleet.worker.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import dev.taskfleet.worker.metrics.WorkerMetrics;
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
 * Kafka does not answer one call of a batch tier's clients in time, as when a broker restarts: the
 * loop closes its clients and starts over with new ones, and every task still ends in one provider
 * batch with one result, instead of the loop stopping until the pod is restarted (which nothing
 * does under {@code taskfleet local}). The real broker and a scripted Batch API on localhost; the
 * one unanswered call is made to throw Kafka's own {@link TimeoutException}:
 * <ul>
 *   <li>the consumer's {@code position}: first called inside the first transaction, with the gathered
 *       tasks sealed into a provider batch and their offsets not committed, so the new clients must
 *       read them again and gather them into one provider batch;</li>
 *   <li>the consumer's {@code endOffsets}: called in the rebalance callback when the provider-batch
 *       partitions are assigned, so the failure comes out of {@code poll};</li>
 *   <li>the producer's {@code commitTransaction}: the outcome unknown, the producer then refuses an
 *       abort as Kafka's does ({@link IllegalStateException}), and the transaction stays open until
 *       the next producer under the same transactional.id aborts it.</li>
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
    @ValueSource(strings = {"consumer.position", "consumer.endOffsets", "producer.commitTransaction"})
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
            assertThat(clients.made).as("clients of its kind: the first, and the one the loop started over with")
                    .hasValue(2);
            assertThat(workers.meters(loop).get(WorkerMetrics.BATCH_TIER_RESTARTS).tag("tier", "fast").counter()
                    .count()).as("restarts counted").isEqualTo(1.0);
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

    /** The worker's own clients, except that the first client of one kind times out once on one method. */
    private static final class UnansweredOnce {

        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger made = new AtomicInteger();
        private final String kind;
        private final String method;
        private final Map<Object, Object> realOf = new IdentityHashMap<>();

        /** @param call {@code consumer.<method>} or {@code producer.<method>} */
        UnansweredOnce(String call) {
            this.kind = call.substring(0, call.indexOf('.'));
            this.method = call.substring(call.indexOf('.') + 1);
        }

        BatchTierLoop.Clients around(BatchTierLoop.Clients worker) {
            return new BatchTierLoop.Clients() {
                @Override
                public Consumer<byte[], byte[]> consumer() {
                    return kind.equals("consumer") ? firstTimingOut(worker.consumer(), Consumer.class)
                            : worker.consumer();
                }

                @Override
                public Producer<byte[], byte[]> producer() {
                    return kind.equals("producer") ? firstTimingOut(worker.producer(), Producer.class)
                            : worker.producer();
                }

                @Override
                public void closed(Object client) {
                    synchronized (realOf) {
                        worker.closed(realOf.getOrDefault(client, client));
                    }
                }
            };
        }

        private <C> C firstTimingOut(C real, Class<?> type) {
            if (made.incrementAndGet() > 1) {
                return real;
            }
            C failing = timingOutOnce(real, type);
            synchronized (realOf) {
                realOf.put(failing, real);
            }
            return failing;
        }

        @SuppressWarnings("unchecked")
        private <C> C timingOutOnce(C real, Class<?> type) {
            return (C) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, called, args) -> {
                if (called.getName().equals(method) && unanswered.compareAndSet(0, 1)) {
                    throw new TimeoutException("the test's broker did not answer " + method + " in time");
                }
                if (called.getName().equals("abortTransaction") && unanswered.get() == 1
                        && method.equals("commitTransaction")) {
                    // What Kafka's producer answers after a commit that timed out.
                    throw new IllegalStateException("Cannot attempt operation `abortTransaction` because the "
                            + "previous call to `commitTransaction` timed out and must be retried");
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
