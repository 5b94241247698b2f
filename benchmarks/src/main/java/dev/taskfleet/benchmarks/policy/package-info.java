/** JMH benchmark of the routing policy engine alone: decisions per second over a seeded task mix. */
package dev.taskfleet.benchmarks.policy;
