/**
 * The quota scenario: one tier behind a scripted OpenAI-compatible provider that enforces a
 * requests-per-minute and a tokens-per-minute quota with 429 and {@code Retry-After}, kept saturated
 * while its workers go from 1 to 3 to 1; per phase, how much of the quota the fleet used and how many
 * calls the provider refused.
 */
package dev.taskfleet.benchmarks.quota;
