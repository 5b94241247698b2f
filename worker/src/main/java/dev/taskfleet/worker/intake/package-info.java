/** Decides whether a record read from the tier topic is a task this worker can run. */
package dev.taskfleet.worker.intake;
