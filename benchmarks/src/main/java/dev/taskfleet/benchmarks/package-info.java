/**
 * Benchmark harnesses, run by hand (see {@code docs/BENCHMARKS.md}), never by the build: timings
 * on a shared machine are reported, not asserted. This package runs the packaged services as
 * separate processes against a real broker; {@code dev.taskfleet.benchmarks.submission} (a large
 * submission to the producer alone) and {@code dev.taskfleet.benchmarks.forwarding} (the router
 * against consume-produce copies) do the same for one service each; {@code dev.taskfleet.benchmarks.policy}
 * holds JMH micro-benchmarks of the routing policy engine.
 */
package dev.taskfleet.benchmarks;
