/** The producer's metrics catalogue: every meter it publishes, in one place. */
package dev.taskfleet.producer.metrics;
