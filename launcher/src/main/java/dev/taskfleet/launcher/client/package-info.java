/**
 * The client of the producer's REST API v1 ({@code /api/v1/batches}), used by the CLI commands, the
 * demo and the end-to-end tests: plain JDK HTTP, problems turned into one-line errors.
 */
package dev.taskfleet.launcher.client;
