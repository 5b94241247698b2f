/**
 * Acting on a whole batch after submission: re-running its failed tasks as a new run, and
 * cancelling it. Each action ends with a batch event on {@code <prefix>.batches}.
 */
package dev.taskfleet.producer.control;
