/**
 * Batch tiers, the pure core: what a provider's batch API offers ({@link dev.taskfleet.worker.batch.ProviderBatchApi}),
 * how tasks are gathered into provider batches ({@link dev.taskfleet.worker.batch.Gathering},
 * {@link dev.taskfleet.worker.batch.CustomIds}), the provider batches a worker owns
 * ({@link dev.taskfleet.worker.batch.ProviderBatchBook}), what to do next with each
 * ({@link dev.taskfleet.worker.batch.ProviderBatchSteps}) and what becomes of each request when its
 * provider batch ends ({@link dev.taskfleet.worker.batch.RequestResolver}). No Kafka, HTTP or Quarkus types.
 */
package dev.taskfleet.worker.batch;
