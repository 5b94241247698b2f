/** The REST API: {@code POST /api/v1/batches} and the shapes of its replies. */
package dev.taskfleet.producer.api;
