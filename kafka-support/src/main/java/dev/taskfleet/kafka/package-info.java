/** Kafka plumbing the services share, written against the plain Kafka clients. */
package dev.taskfleet.kafka;
