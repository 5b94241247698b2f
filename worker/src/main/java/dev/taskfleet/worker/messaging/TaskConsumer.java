package dev.taskfleet.worker.messaging;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.worker.execution.TaskCompletion;
import dev.taskfleet.worker.execution.TaskExecutor;
import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.PartitionOwnership;
import dev.taskfleet.worker.intake.RejectedRecordException;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the tier topic and keeps up to {@code taskfleet.worker.max-in-flight} tasks running.
 *
 * <p>SmallRye hands over one record at a time; {@link #onRecord} decodes it, queues it in the
 * {@link FairIntake} and returns at once, so the stream never waits on a model call. The intake
 * starts queued tasks, fairly between teams and their batches, whenever an in-flight permit is
 * free, and pauses a partition once its share of {@code max-waiting} of its tasks wait, so Kafka
 * holds the backlog: back-pressure without a blocked thread, per partition rather than for the
 * whole channel (the connector's own pausing is off).
 *
 * <p>A record is acknowledged only after its result, its escalation request or its dead-letter copy
 * is acknowledged by Kafka. The throttled commit strategy commits an offset only once every record before it in the
 * partition is acknowledged, so a crash redoes at most the in-flight work, never skips any.
 * The returned stage never fails: with manual acknowledgement SmallRye would treat a failed stage
 * as a broken stream and stop the channel.
 *
 * <p>A task whose partition a rebalance gave to another pod before its first call here is left
 * unsettled ({@link TaskPartitionsListener}): the new owner reads it again from the committed offset.
 *
 * <p>Only Kafka refusing a write (a result or a DLQ copy) nacks. A defect in the worker itself
 * (see {@link TaskCompletion}) becomes a FAILED {@code WORKER_ERROR} result, or a DLQ copy with that
 * reason code, and the record is acknowledged: redelivering it would only hit the defect again.
 */
@ApplicationScoped
public class TaskConsumer {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);
    /** Team and batch under which records that are not tasks wait for their dead-letter write (no team is empty). */
    private static final String UNREADABLE = "";
    private static final FairIntake.Source NO_SOURCE = new FairIntake.Source("", -1);
    /** What the channel gets back at once: the record is taken, and SmallRye may hand over the next. */
    private static final CompletionStage<Void> TAKEN = CompletableFuture.completedFuture(null);

    @Inject
    RoutedTaskReader reader;
    @Inject
    FairIntake intake;
    @Inject
    TaskCompletion completion;
    @Inject
    DeadLetterPublisher deadLetters;
    @Inject
    WorkerMetrics metrics;
    @Inject
    PartitionOwnership ownership;

    @Incoming(TaskIntakeComponents.CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRecord(Message<byte[]> record) {
        long receivedAt = System.nanoTime();
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        FairIntake.Source source = kafka == null ? NO_SOURCE : new FairIntake.Source(kafka.getTopic(), kafka.getPartition());
        RoutedTask task;
        try {
            task = reader.read(record.getPayload());
        } catch (RejectedRecordException e) {
            intake.offer(source, UNREADABLE, Priority.STANDARD, UNREADABLE, guarded(record,
                    () -> deadLetter(record, e.reasonCode(), e.getMessage())));
            return TAKEN;
        } catch (RuntimeException defect) {
            // Every record handed over is offered exactly once: the intake counted it when it was
            // polled, and a record never offered would hold its partition's count up for good.
            LOG.errorf(defect, "reading %s failed unexpectedly; dead-lettering it", describe(record));
            intake.offer(source, UNREADABLE, Priority.STANDARD, UNREADABLE, guarded(record,
                    () -> deadLetter(record, DeadLetterReasons.WORKER_ERROR,
                            "reading the record failed unexpectedly: " + TaskExecutor.describe(defect))));
            return TAKEN;
        }
        PartitionOwnership.Lease lease = kafka == null ? PartitionOwnership.Lease.FOREVER
                : ownership.lease(kafka.getTopic(), kafka.getPartition());
        Instant written = kafka == null ? null : kafka.getTimestamp();
        Task submitted = task.task();
        intake.offer(source, submitted.team(), submitted.priority(), submitted.batchId(), guarded(record, () -> {
            metrics.queueWaited(submitted.team(), submitted.priority(),
                    written == null ? Duration.ZERO : Duration.between(written, Instant.now()));
            return run(record, task, receivedAt, lease);
        }));
        return TAKEN;
    }

    /** The work, with any defect that escapes it turned into a dead letter; it runs holding a permit. */
    private Supplier<CompletionStage<Void>> guarded(Message<byte[]> record, Supplier<CompletionStage<Void>> work) {
        return () -> {
            CompletionStage<Void> stage;
            try {
                stage = work.get();
            } catch (RuntimeException | Error e) {
                stage = CompletableFuture.failedFuture(e);
            }
            return stage.handle((done, bug) -> {
                if (bug == null) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                /*
                 * run() and deadLetter() settle the record and then complete normally, whatever Kafka
                 * answered, so this is a defect that struck before the record was settled. Left
                 * unacknowledged, it would hold back every later commit of its partition until the
                 * max-age check failed the channel; a nack would restart the pod into the same
                 * defect, over and over. Dead-lettering and acknowledging keeps the partition moving
                 * and keeps the record for a replay once the defect is fixed. Only a refused DLQ
                 * write nacks, as everywhere else.
                 */
                LOG.errorf(bug, "processing of %s ended unexpectedly; dead-lettering it", describe(record));
                return deadLetter(record, DeadLetterReasons.WORKER_ERROR,
                        "processing ended unexpectedly: " + TaskExecutor.describe(bug));
            }).thenCompose(Function.identity());
        };
    }

    private CompletionStage<Void> run(Message<byte[]> record, RoutedTask task, long receivedAt,
            PartitionOwnership.Lease lease) {
        return completion.complete(task, lease::held).thenCompose(outcome -> {
            if (outcome instanceof TaskCompletion.HandedOver) {
                // Neither acknowledged nor nacked: the partition's commits are the new owner's now.
                LOG.debugf("task %s (batch %s) left to the new owner of its partition before its first call",
                        task.task().id(), task.task().batchId());
                metrics.handedOver();
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (outcome instanceof TaskCompletion.Published published) {
                TaskResult result = published.result();
                if (published.defect() != null) {
                    LOG.errorf(published.defect(), "task %s (batch %s) hit a worker defect; published a %s result",
                            result.taskId(), result.batchId(), ResultErrorCodes.WORKER_ERROR);
                } else if (result.status() == ResultStatus.FAILED) {
                    LOG.debugf("task %s (batch %s) failed: %s", result.taskId(), result.batchId(),
                            result.error().code());
                } else if (result.status().notRun()) {
                    LOG.debugf("task %s (batch %s) ended %s before its first call", result.taskId(),
                            result.batchId(), result.status());
                }
                metrics.taskCompleted(result.status(), result.team(), result.priority(),
                        Duration.ofNanos(System.nanoTime() - receivedAt), endToEnd(result.submittedAt()));
                return settled(record, record.ack());
            }
            if (outcome instanceof TaskCompletion.Escalated escalated) {
                LOG.debugf("task %s (batch %s) failed on tier %s with %s; asked the router for a stronger tier",
                        task.task().id(), task.task().batchId(), task.tier(), escalated.request().error().code());
                metrics.escalated(escalated.request().error().code());
                return settled(record, record.ack());
            }
            if (outcome instanceof TaskCompletion.Refused refused) {
                // Kafka refused the result or request after the producer's own retries; see failure-strategy.
                LOG.errorf(refused.failure(), "could not publish the result or escalation of task %s (batch %s)",
                        task.task().id(), task.task().batchId());
                return settled(record, record.nack(refused.failure()));
            }
            TaskCompletion.Unpublishable unpublishable = (TaskCompletion.Unpublishable) outcome;
            LOG.errorf(unpublishable.defect(), "task %s (batch %s) has no publishable result",
                    task.task().id(), task.task().batchId());
            return deadLetter(record, DeadLetterReasons.WORKER_ERROR, unpublishable.reason());
        });
    }

    /** From the producer accepting the task to now, or nothing for a task without an acceptance time. */
    private static Duration endToEnd(Instant submittedAt) {
        return submittedAt == null ? null : Duration.between(submittedAt, Instant.now());
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> record, String reasonCode, String reason) {
        LOG.warnf("dead-lettering %s: %s (%s)", describe(record), reasonCode, reason);
        CompletionStage<Void> written;
        try {
            written = deadLetters.publish(record, reasonCode, reason);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((acknowledged, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "could not dead-letter %s", describe(record));
                return settled(record, record.nack(failure));
            }
            metrics.deadLettered(reasonCode);
            return settled(record, record.ack());
        }).thenCompose(Function.identity());
    }

    /**
     * The settling stage, completing normally either way: with {@code failure-strategy=fail} a
     * nack's stage fails with the nack's reason after the channel has already been marked failed,
     * and the record counts as settled once ack or nack was called.
     */
    private static CompletionStage<Void> settled(Message<byte[]> record, CompletionStage<Void> settling) {
        return settling.exceptionally(failure -> {
            LOG.debugf("settling %s completed with %s", describe(record), TaskExecutor.describe(failure));
            return null;
        });
    }

    private static String describe(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "/" + m.getPartition() + "@" + m.getOffset())
                .orElse("a record without Kafka metadata");
    }
}
