/**
 * The event contract every taskfleet service shares: the task a user submits, the routed task
 * the router hands to a tier, the final result a worker publishes, the topic names and the
 * headers of dead-lettered records.
 *
 * <p>Events are JSON. Every event carries {@code schemaVersion}; fields may be added without a
 * version bump because readers ignore fields they do not know, so services can be upgraded one
 * at a time. An incompatible change bumps {@link dev.taskfleet.contract.EventCodec#SCHEMA_VERSION},
 * and a reader refuses versions newer than its own with a message that says so. Upgrade
 * consumers before producers when the version changes.
 *
 * <p>Nothing here depends on Kafka, HTTP or Quarkus.
 */
package dev.taskfleet.contract;
