/** A small HTTP client for the producer's batch API, used by the demo and the end-to-end tests. */
package dev.taskfleet.launcher.client;
