/**
 * Pure core: the completions-over-time series of a batch (finished tasks per interval and tier),
 * from the final results the ledger counts. No Kafka, HTTP or Quarkus types.
 */
package dev.taskfleet.producer.timeline;
