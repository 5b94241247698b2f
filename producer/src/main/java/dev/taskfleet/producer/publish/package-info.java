/**
 * Publishing accepted tasks to {@code <prefix>.tasks}: asynchronous, pipelined sends on one
 * idempotent Kafka producer, and per-batch tracking of the broker's acknowledgements.
 */
package dev.taskfleet.producer.publish;
