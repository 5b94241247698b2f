/**
 * The Kafka side of a batch tier: one loop that gathers the tier topic into provider batches and
 * follows the tier's partitions of {@code <prefix>.provider-batches}, writing every change in
 * Kafka transactions fenced by the tier's consumer group, and its start and stop.
 */
package dev.taskfleet.worker.batch.kafka;
