/**
 * The router's Kafka adapters: the exactly-once forwarding loop over the tasks and escalations
 * topics, the results follower of adaptive routing, and the start-up step that creates the
 * topics. Thin; decisions live in {@code dev.taskfleet.router.routing} and the policy module.
 */
package dev.taskfleet.router.kafka;
