/**
 * The producer's REST API v1 ({@code /api/v1/batches}) as types: every request and response body,
 * the RFC 9457 problem shape, the paths, media types and operations. The producer serves these
 * records and the CLI reads them, so the two cannot drift apart; a producer test checks the served
 * OpenAPI document against them. Plain records with Jackson annotations: no HTTP, Kafka or Quarkus
 * types.
 *
 * <p>Compatibility: readers ignore fields they do not know and read an enum value they do not
 * know as {@code null} ({@link dev.taskfleet.api.ApiJson}), so an older client keeps working
 * against a newer producer. Fields are only ever added.
 */
package dev.taskfleet.api;
