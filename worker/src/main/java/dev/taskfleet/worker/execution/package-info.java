/** Turns a routed task into its final result: its model calls (rate-limited, retried), their cost, the result event. */
package dev.taskfleet.worker.execution;
