/**
 * Benchmark harnesses that run the packaged services as separate processes against a real
 * broker and print what they measured. Run by hand (see {@code docs/BENCHMARKS.md}), never by
 * the build: timings on a shared machine are reported, not asserted.
 */
package dev.taskfleet.benchmarks;
