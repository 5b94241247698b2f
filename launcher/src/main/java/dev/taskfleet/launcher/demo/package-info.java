/**
 * {@code taskfleet demo}: the shipped example batch and its generator, choosing how many tasks to
 * send, following a batch's results (a pure tally plus a thin Kafka reader) and showing progress
 * and the final summary.
 */
package dev.taskfleet.launcher.demo;
