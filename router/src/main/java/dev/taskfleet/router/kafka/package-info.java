/**
 * The router's Kafka adapters: the channel that reads tasks and writes routed tasks and dead
 * letters, and the start-up step that creates the topics. Thin; decisions live in
 * {@code dev.taskfleet.router.routing} and {@code dev.taskfleet.router.policy}.
 */
package dev.taskfleet.router.kafka;
