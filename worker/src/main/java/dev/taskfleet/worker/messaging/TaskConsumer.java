package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.intake.RejectedRecordException;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the tier topic and keeps up to {@code taskfleet.worker.max-in-flight} tasks running.
 *
 * <p>SmallRye calls {@link #onRecord} for one record at a time and waits for the returned stage
 * before handing over the next (checked against SmallRye 4.33: a non-blocking method returning a
 * CompletionStage is applied with concatenation). So the stage here means "admitted", not
 * "done": it completes as soon as the task holds an in-flight permit and its work has started,
 * which is at once while permits are free. When all are taken the stream waits, the connector
 * pauses the partitions, and Kafka holds the backlog: back-pressure without a blocked thread.
 *
 * <p>A record is acknowledged only after its result (or its dead-letter copy) is acknowledged by
 * Kafka. The throttled commit strategy commits an offset only once every record before it in the
 * partition is acknowledged, so a crash redoes at most the in-flight work, never skips any.
 * The returned stage never fails: with manual acknowledgement SmallRye would treat a failed stage
 * as a broken stream and stop the channel.
 */
@ApplicationScoped
public class TaskConsumer {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);

    @Inject
    RoutedTaskReader reader;
    @Inject
    InFlightLimiter limiter;
    @Inject
    TaskExecutor executor;
    @Inject
    ResultPublisher results;
    @Inject
    DeadLetterPublisher deadLetters;
    @Inject
    WorkerMetrics metrics;

    @Incoming("tasks")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRecord(Message<byte[]> record) {
        long receivedAt = System.nanoTime();
        RoutedTask task;
        try {
            task = reader.read(record.getPayload());
        } catch (RejectedRecordException e) {
            return admit(record, () -> deadLetter(record, e));
        }
        return admit(record, () -> run(record, task, receivedAt));
    }

    /** Completes once a permit is held and the work started; the permit is released when the work ends. */
    private CompletionStage<Void> admit(Message<byte[]> record, Supplier<CompletionStage<Void>> work) {
        return limiter.acquire().thenAccept(permit -> permit.runHolding(work).whenComplete((done, bug) -> {
            if (bug != null) {
                // run() and deadLetter() settle the record themselves; reaching here is a defect.
                // The record stays unacknowledged, so its offset is never committed past.
                LOG.errorf(bug, "processing of %s ended unexpectedly", describe(record));
            }
        }));
    }

    private CompletionStage<Void> run(Message<byte[]> record, RoutedTask task, long receivedAt) {
        return executor.execute(task)
                .thenCompose(result -> results.publish(result).thenApply(acknowledged -> result))
                .handle((TaskResult result, Throwable failure) -> {
                    if (failure != null) {
                        // Kafka refused the result after the producer's own retries; see failure-strategy.
                        LOG.errorf(failure, "could not publish the result of task %s (batch %s)",
                                task.task().id(), task.task().batchId());
                        return record.nack(failure);
                    }
                    metrics.taskCompleted(result.status(), Duration.ofNanos(System.nanoTime() - receivedAt));
                    if (!result.succeeded()) {
                        LOG.debugf("task %s (batch %s) failed: %s", result.taskId(), result.batchId(),
                                result.error().code());
                    }
                    return record.ack();
                })
                .thenCompose(settled -> settled);
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> record, RejectedRecordException rejection) {
        LOG.warnf("dead-lettering %s: %s (%s)", describe(record), rejection.reasonCode(), rejection.getMessage());
        return deadLetters.publish(record, rejection.reasonCode(), rejection.getMessage())
                .handle((acknowledged, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "could not dead-letter %s", describe(record));
                        return record.nack(failure);
                    }
                    metrics.deadLettered(rejection.reasonCode());
                    return record.ack();
                })
                .thenCompose(settled -> settled);
    }

    private static String describe(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset())
                .orElse("a record without Kafka metadata");
    }
}
