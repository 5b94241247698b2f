/**
 * Anthropic's APIs natively: the Messages API for one call at a time and the Message Batches API
 * for batch tiers, sharing one request and response shape. JDK HTTP client and Jackson only,
 * non-blocking, no Quarkus types.
 */
package dev.taskfleet.worker.provider.anthropic;
