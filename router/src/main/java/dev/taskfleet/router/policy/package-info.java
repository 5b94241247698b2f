/**
 * The tier policy: which model tier a task needs, and why. Plain Java with no Kafka, HTTP or
 * Quarkus types, so every rule is unit-tested in milliseconds and new rules (the complexity
 * heuristic, adaptive routing) plug in as further {@link dev.taskfleet.router.policy.RoutingRule}s.
 */
package dev.taskfleet.router.policy;
