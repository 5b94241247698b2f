/** The router's metrics catalogue: every meter it publishes, declared in one class. */
package dev.taskfleet.router.metrics;
