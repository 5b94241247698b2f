/**
 * Issue 13's history benchmark: a new producer replica's time to ready, heap and CPU when the
 * topics it replays at start-up ({@code <prefix>.batches} and {@code <prefix>.results}) hold a
 * day's history of finished batches, written straight into them as the fleet writes them.
 */
package dev.taskfleet.benchmarks.history;
