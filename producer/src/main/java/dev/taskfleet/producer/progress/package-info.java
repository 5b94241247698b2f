/**
 * The batch-progress aggregation: batch events and results in, per-batch status out (counts per
 * status and tier, tokens, cost, throughput, ETA, as the API's {@code BatchStatus}), with the
 * contract's result de-duplication rule. Pure Java: no Kafka, HTTP or Quarkus types, so any
 * replica fed the same records computes the same answers.
 */
package dev.taskfleet.producer.progress;
