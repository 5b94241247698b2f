/**
 * The Kafka adapters: the tier topic in, results, escalations and dead letters out, the
 * cancellation reader, topics created at start-up, and the binding of the core's completion to
 * the publishers.
 */
package dev.taskfleet.worker.messaging;
