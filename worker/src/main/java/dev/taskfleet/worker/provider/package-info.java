/**
 * The model provider seam: a request in, a response (or a {@link dev.taskfleet.worker.provider.ModelCallException})
 * out, asynchronously. Plain Java, no Kafka, HTTP or Quarkus types, so the simulated provider and a
 * real HTTP client are interchangeable behind {@link dev.taskfleet.worker.provider.ModelProvider}.
 */
package dev.taskfleet.worker.provider;
