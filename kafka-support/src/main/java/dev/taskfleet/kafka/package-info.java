/**
 * Kafka plumbing the services share, written against the plain Kafka clients: topic provisioning,
 * the replay-then-follow {@link dev.taskfleet.kafka.TopicFollower}, the dead-letter builder and the
 * one {@link dev.taskfleet.kafka.Backoff}.
 */
package dev.taskfleet.kafka;
