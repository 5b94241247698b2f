/** The Kafka adapters: the tier topic in, results and dead letters out, topics created at start-up. */
package dev.taskfleet.worker.messaging;
