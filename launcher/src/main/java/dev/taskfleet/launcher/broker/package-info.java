/**
 * A real Kafka broker as its own process: one KRaft node that is both broker and controller,
 * run from the launcher's {@code target/lib} with Kafka's own {@code kafka.Kafka} main.
 */
package dev.taskfleet.launcher.broker;
