/** When a failed model call is tried again, and after how long: exponential back-off with full jitter. */
package dev.taskfleet.worker.retry;
