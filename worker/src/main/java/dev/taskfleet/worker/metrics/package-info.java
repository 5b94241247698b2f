/** The catalogue of every meter the worker publishes. */
package dev.taskfleet.worker.metrics;
