/**
 * Issue 5's benchmark: submitting a large JSONL file to the producer alone, time to the 202 and the
 * producer's heap while it streams, against a raw Kafka producer sending the same records.
 */
package dev.taskfleet.benchmarks.submission;
