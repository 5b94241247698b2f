/**
 * A real Kafka broker as its own process: one KRaft node that is both broker and controller,
 * run from the launcher's {@code target/lib} with Kafka's own {@code kafka.Kafka} main, and its
 * supervision: started again on its data when it dies, within a {@code RestartBudget}.
 */
package dev.taskfleet.launcher.broker;
