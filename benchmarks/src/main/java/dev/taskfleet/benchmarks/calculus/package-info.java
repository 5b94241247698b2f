/**
 * The policy calculus: one synthetic batch with a spread of hidden difficulty, run on the real
 * fleet under each routing policy (all fast, all quality, routed, routed with escalation, adaptive,
 * cascade), compared on success, cost, makespan against one call at a time, and task latency.
 */
package dev.taskfleet.benchmarks.calculus;
