/**
 * The client of the producer's REST API v1 ({@code /api/v1/batches}), used by the CLI commands, the
 * demo and the end-to-end tests: typed calls that answer with the records of {@code dev.taskfleet.api}
 * ({@link dev.taskfleet.launcher.client.BatchClient}) over an HTTP transport of plain JDK HTTP that
 * turns problems into one-line errors ({@code ApiTransport}).
 */
package dev.taskfleet.launcher.client;

