package dev.taskfleet.worker.batch.kafka;

import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.worker.batch.BatchRequests;
import dev.taskfleet.worker.batch.Gathering;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.ProviderBatchSteps;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import java.time.Clock;

/**
 * The pure core a batch tier's loop drives, assembled in one place so the loop (and its tests)
 * take one argument instead of a dozen.
 *
 * @param stamp     tier, provider, model and worker id, stamped on every provider batch
 * @param gathering the intake's gathering, sized by the tier's {@code batch.*} settings
 * @param writeLimit the transactional producer's {@code max.request.size} and the written topics'
 *                   {@code max.message.bytes}, which every record is sized against
 */
record BatchTierParts(TopicNames topics, Gathering.Stamp stamp, RoutedTaskReader reader,
        CancellationRegistry cancellations, TaskOutcomes outcomes, Gathering gathering, ProviderBatchApi api,
        ProviderBatchSteps steps, RequestResolver resolver, BatchRequests requests, WorkerMetrics metrics,
        Clock clock, RecordSizeLimit writeLimit) {
}
