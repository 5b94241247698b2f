/** Whether a task that failed on this tier is handed back to the router for a stronger tier. */
package dev.taskfleet.worker.escalation;
