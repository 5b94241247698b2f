/**
 * Reading a submitted batch: splits the request body into tasks (NDJSON or a JSON document),
 * validates each one and hands the valid ones to a {@link dev.taskfleet.producer.batch.TaskSink}.
 * Plain Java with no HTTP, Kafka or Quarkus types, so it is unit-tested in milliseconds.
 */
package dev.taskfleet.producer.batch;
