/** Turns a routed task into its final result: one model call, its cost, the result event. */
package dev.taskfleet.worker.execution;
