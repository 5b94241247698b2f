/**
 * Reading batch state back from Kafka: the background tracker that feeds the progress ledger
 * from {@code <prefix>.batches} and {@code <prefix>.results}, and scans that stream selected
 * records (results downloads, a retry's tasks) without holding a batch in memory.
 */
package dev.taskfleet.producer.tracking;
